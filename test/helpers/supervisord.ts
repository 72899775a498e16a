/**
 * Lone supervisord nodes for tests: the launcher's (local-cluster/lone-node.ts) under the
 * identifier the tests expect, and their logs after a failed test.
 */
import { startNode as startLoneNode, tail, type LoneNode, type LoneNodeOptions } from '../../local-cluster/index.js';

export { freePort, PASSWORD, REPO, SHIM, SUPVISORSD, USER } from '../../local-cluster/index.js';
export type TestNode = LoneNode;

export function startNode(options: LoneNodeOptions = {}): Promise<TestNode> {
  return startLoneNode({ nick: 'test-node', ...options });
}

/** For afterEach: after a failed test, the tails of the runtime's and supervisord's logs go to stderr. */
export function logsOnFailure(context: Mocha.Context, node: TestNode | undefined): void {
  if (context.currentTest?.state !== 'failed' || node === undefined) return;
  process.stderr.write(`--- supvisorsd.log (tail)\n${tail(node.runtimeLog(), 60)}\n--- supervisord.log (tail)\n${tail(node.supervisordLog(), 60)}\n`);
}
