/**
 * Local clusters for tests: the launcher (local-cluster/) and what tests add on top of it: logs
 * after a failed test, and short readers of a node's Supvisors state.
 */
import { list, struct, waitFor, type Cluster, type LocalNode } from '../../local-cluster/index.js';
import type { XmlRpcStruct, XmlRpcValue } from '../../xmlrpc/values.js';

export { alive, descendants, list, netnsSupport, num, PASSWORD, startCluster, struct, USER, type Cluster } from '../../local-cluster/index.js';
export type ClusterNode = LocalNode;

/** For afterEach: after a failed test, the tails of every node's logs go to stderr. */
export function clusterLogsOnFailure(context: Mocha.Context, cluster: Cluster | undefined): void {
  if (context.currentTest?.state !== 'failed' || cluster === undefined) return;
  process.stderr.write(cluster.logs());
}

/** get_supvisors_state of a node (S1, jobs as lists). */
export async function supvisorsState(node: LocalNode): Promise<XmlRpcStruct> {
  return struct(await node.api.call('supvisors.get_supvisors_state', [], { timeoutMs: 5000 }));
}

/** The master_identifier a node declares ('' when none). */
export async function masterOf(node: LocalNode): Promise<string> {
  const master = (await supvisorsState(node))['master_identifier'];
  if (typeof master !== 'string') throw new Error(`${node.nick}: master_identifier is not a string`);
  return master;
}

/**
 * Waits until every node declares `master` (bounded): a node that saw the Master lost, or just
 * rejoined, declares none, or its own, until its next evaluation, while already in OPERATION.
 */
export async function waitMaster(nodes: readonly LocalNode[], master: string, timeoutMs = 10_000): Promise<void> {
  let seen: string[] = [];
  try {
    await waitFor(`every node declaring ${master}`, async () => {
      seen = await Promise.all(nodes.map((node) => masterOf(node)));
      return seen.every((declared) => declared === master);
    }, { timeoutMs, intervalMs: 50 });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (declared: ${nodes.map((node, index) => `${node.nick} ${seen[index] ?? '?'}`).join(', ')})`, { cause: error });
  }
}

/** identifier → statename of every instance, as a node sees them (get_all_instances_info). */
export async function instanceStates(node: LocalNode): Promise<Record<string, string>> {
  const infos = list(await node.api.call('supvisors.get_all_instances_info', [], { timeoutMs: 5000 })).map(struct);
  return Object.fromEntries(infos.map((info) => [JSON.stringify(info['identifier']).slice(1, -1), JSON.stringify(info['statename']).slice(1, -1)]));
}

/** instanceStates, or {} when the node does not answer (yet). */
export async function tryInstanceStates(node: LocalNode): Promise<Record<string, string>> {
  try {
    return await instanceStates(node);
  } catch {
    return {};
  }
}

/** The fault code of a call expected to fail (throws when it succeeds or fails otherwise). */
export async function faultOf(promise: Promise<XmlRpcValue>): Promise<{ code: number; text: string }> {
  let result: XmlRpcValue;
  try {
    result = await promise;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'faultCode' in error && 'faultString' in error) {
      return { code: Number(error.faultCode), text: String(error.faultString) };
    }
    throw error;
  }
  throw new Error(`expected a fault, got ${JSON.stringify(result)}`);
}
