/**
 * system.methodSignature and system.methodHelp for every method of the contracts, on a real
 * node: ours answer their description (SIGNATURE_UNSUPPORTED where it has no signature, as
 * 0.19), supervisord's are asked to supervisord, and system.listMethods lists every method
 * served and the names 0.19 lists without answering them (spec/xmlrpc.md §7.6).
 */
import assert from 'node:assert/strict';
import { contracts, listedOnly } from '../../contract/index.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { helpText } from '../../contract/help.js';
import type { ContractTable } from '../../contract/types.js';
import { logsOnFailure, startNode, type TestNode } from '../helpers/supervisord.js';

describe('introspection of every described method', function () {
  this.timeout(30_000);
  let node: TestNode | undefined;
  before(async () => {
    node = await startNode();
    await node.waitRuntime();
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(async () => {
    await node?.stop();
  });

  it('lists every method, and answers methodSignature and methodHelp from the description', async () => {
    const api = (node as TestNode).api;
    const listed = (await api.call('system.listMethods')) as string[];
    const table: ContractTable = contracts;
    assert.deepEqual([...listed].sort(), [...Object.keys(table), ...listedOnly].sort());
    const unsupported = (error: unknown): boolean => isSupvisorsError(error) && error.faultCode === 4 && error.faultString === 'SIGNATURE_UNSUPPORTED';
    for (const name of listedOnly) {
      await assert.rejects(api.call('system.methodSignature', [name]), unsupported, name);
      await assert.rejects(api.call(name), (error: unknown) => isSupvisorsError(error) && error.faultString === 'UNKNOWN_METHOD', name);
    }
    for (const [name, contract] of Object.entries(table)) {
      const help = await api.call('system.methodHelp', [name]);
      if (contract.servedBy === 'runtime' && contract.signature === undefined) {
        await assert.rejects(api.call('system.methodSignature', [name]), unsupported, name);
        assert.equal(help, helpText(contract), name);
        continue;
      }
      const signature = await api.call('system.methodSignature', [name]);
      if (contract.servedBy === 'runtime') {
        assert.deepEqual(signature, contract.signature, name);
        assert.equal(help, helpText(contract), name);
      } else {
        assert.deepEqual(signature, await (node as TestNode).supervisor.call('system.methodSignature', [name]), name);
        assert.equal(help, await (node as TestNode).supervisor.call('system.methodHelp', [name]), name);
      }
    }
  });
});
