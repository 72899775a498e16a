/**
 * Our statistics read methods (not in Python Supvisors, whose dashboard draws the series
 * server-side): the compiled host and process series of any instance over one period, and the
 * host inventory. Spread into the `supvisors.*` table (contract/supvisors.ts).
 */
import { HostInventory, HostStatistics, ProcessStatistics } from './schemas/statistics.js';
import type { ContractTable } from './types.js';

const identifier = { name: 'identifier', type: 'string', help: 'A Supvisors instance: its identifier or nick.' } as const;
const period = {
  name: 'period',
  type: 'double',
  default: 0,
  help: 'One of the configured stats_periods, seconds; 0 (the default) for the first one.',
} as const;

export const supvisorsStatisticsContracts = {
  'supvisors.get_host_statistics': {
    summary: 'Not in Python Supvisors: the host statistics series of an instance over one period (CPU per core, memory, network, disk I/O and usage).',
    details: 'Any node answers for any instance: it compiles its peers\' samples, and asks the instance itself when it has none. The series are empty until two samples were compiled, or when host statistics are disabled.',
    params: [identifier, period],
    result: HostStatistics,
    returns: 'The series with their mean, slope and standard deviation, and the configured periods.',
    signature: ['dict[str, Any]', 'str', 'float'],
    faults: ['BAD_NAME', 'INCORRECT_PARAMETERS', 'FAILED'],
    guard: 'ANY',
    rest: [{ verb: 'GET', path: '/host_statistics/{identifier}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
  'supvisors.get_process_statistics': {
    summary: 'Not in Python Supvisors: the CPU and memory series of a process on an instance over one period.',
    details: 'namespec `supervisord` is supervisord with supvisorsd. The series are empty (pid 0) when the process does not run there or process statistics are disabled.',
    params: [identifier, { name: 'namespec', type: 'string', help: 'A process (group:name or name), or supervisord.' }, period],
    result: ProcessStatistics,
    returns: 'The series with their mean, slope and standard deviation, and the configured periods.',
    signature: ['dict[str, Any]', 'str', 'str', 'float'],
    faults: ['BAD_NAME', 'INCORRECT_PARAMETERS', 'FAILED'],
    guard: 'ANY',
    rest: [{ verb: 'GET', path: '/process_statistics/{identifier}/{namespec}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
  'supvisors.get_host_inventory': {
    summary: 'Not in Python Supvisors: what the host of an instance is (cores, CPU model and frequency, memory, OS), read once by that node.',
    params: [identifier],
    result: HostInventory,
    returns: 'The inventory of the host.',
    signature: ['dict[str, Any]', 'str'],
    faults: ['BAD_NAME', 'FAILED'],
    guard: 'ANY',
    rest: [{ verb: 'GET', path: '/host_inventory/{identifier}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
} as const satisfies ContractTable;
