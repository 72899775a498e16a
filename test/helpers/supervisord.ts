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

/**
 * A lone node for a describe block: started (its runtime up) before the block's tests, its logs
 * shown after a failed test, stopped after the block. Answers the node, once started.
 */
export function loneNodeSuite(options: LoneNodeOptions = {}): () => TestNode {
  let node: TestNode | undefined;
  before(async () => {
    node = await startNode(options);
    await node.waitRuntime();
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(() => node?.stop());
  return () => {
    if (node === undefined) throw new Error('the lone node is not started');
    return node;
  };
}
