/**
 * system.methodSignature of the supvisors.* methods as Supvisors 0.19 answers it, written from
 * spec/xmlrpc.md §8 (the table of signatures) and §7.6 (a name listed, not callable): the
 * contracts hold exactly these, and none for the methods 0.19 answers SIGNATURE_UNSUPPORTED.
 */
import assert from 'node:assert/strict';
import { contracts, listedOnly } from '../../contract/index.js';
import type { ContractTable } from '../../contract/types.js';

const table: ContractTable = contracts;

const LIST = 'list[dict[str, Any]]';
const DICT = 'dict[str, Any]';

/** spec/xmlrpc.md §8, method by method. */
const signatures: Record<string, readonly string[]> = {
  get_api_version: ['str'],
  get_supvisors_state: [DICT],
  get_statistics_status: [DICT],
  get_all_instances_info: [LIST],
  get_all_applications_info: [LIST],
  get_all_process_info: [LIST],
  get_all_local_process_info: [LIST],
  get_conflicts: [LIST],
  get_application_info: [DICT, 'str'],
  get_application_rules: [DICT, 'str'],
  get_local_process_info: [DICT, 'str'],
  get_process_info: [LIST, 'str'],
  get_process_rules: [LIST, 'str'],
  get_all_inner_process_info: [LIST, 'str'],
  get_inner_process_info: [LIST, 'str', 'str'],
  start_application: ['bool', 'StartingStrategies', 'str', 'bool'],
  restart_application: ['bool', 'StartingStrategies', 'str', 'bool'],
  test_start_application: [LIST, 'StartingStrategies', 'str'],
  stop_application: ['bool', 'str', 'bool'],
  start_args: ['bool', 'str', 'str', 'bool'],
  start_process: ['bool', 'StartingStrategies', 'str', 'str', 'bool'],
  restart_process: ['bool', 'StartingStrategies', 'str', 'str', 'bool'],
  start_any_process: ['str', 'StartingStrategies', 'str', 'str', 'bool'],
  stop_process: ['bool', 'str', 'bool'],
  enable: ['bool', 'str', 'bool'],
  disable: ['bool', 'str', 'bool'],
  update_numprocs: ['bool', 'str', 'int', 'bool', 'bool'],
  conciliate: ['bool', 'ConciliationStrategies'],
  restart_sequence: ['bool', 'bool'],
  restart: ['bool'],
  shutdown: ['bool'],
  end_sync: ['bool'],
  change_log_level: ['bool', 'Union[str, int]'],
  enable_host_statistics: ['bool', 'bool'],
  enable_process_statistics: ['bool', 'bool'],
  update_collecting_period: ['bool', 'float'],
};

/** spec/xmlrpc.md §8: fault 4 SIGNATURE_UNSUPPORTED (get_logger_levels is a name only, §7.6). */
const unsupported = [
  'get_all_instances_state_modes',
  'get_instance_state_modes',
  'get_master_identifier',
  'get_strategies',
  'get_network_info',
  'get_instance_info',
  'test_start_process',
];

describe('supvisors.* signatures as in Supvisors 0.19', () => {
  it('describes each method with the signature 0.19 answers', () => {
    for (const [name, signature] of Object.entries(signatures)) assert.deepEqual(table[`supvisors.${name}`]?.signature, signature, name);
  });

  it('has no signature where 0.19 answers SIGNATURE_UNSUPPORTED', () => {
    for (const name of unsupported) {
      const contract = table[`supvisors.${name}`];
      assert.ok(contract !== undefined, name);
      assert.equal(contract.signature, undefined, name);
    }
  });

  it('lists supvisors.get_logger_levels as a name only: no method answers it', () => {
    assert.deepEqual(listedOnly, ['supvisors.get_logger_levels']);
    assert.equal(table['supvisors.get_logger_levels'], undefined);
  });
});
