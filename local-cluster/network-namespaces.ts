/**
 * A small network of our own, to cut links and partition a local cluster: one Linux bridge in the root
 * namespace (address .254, so that this host reaches every node), and one network namespace per
 * node joined to it by a veth pair, node i at .i+1 on a /24 of 10.213.0.0/16.
 *
 * Two ways to break it:
 * - `cut(i)` / `reconnect(i)`: the root end of node i's veth goes down. Nothing is sent to
 *   anyone (no FIN, no RST): the node is silent for everybody, this host included.
 * - `partition(a, b)` / `heal()`: blackhole routes inside the namespaces, so that packets from
 *   group a to group b (and back) vanish while this host still reaches every node.
 *
 * Needs root and iproute2 (`ip`); `netnsSupport()` says why when they are missing. `destroy()`
 * removes everything it created (namespaces, veths, bridge).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface NamespaceNetwork {
  /** Namespace of node i (0-based). */
  namespace(index: number): string;
  /** Address of node i in its namespace. */
  address(index: number): string;
  cut(index: number): void;
  reconnect(index: number): void;
  partition(groupA: readonly number[], groupB: readonly number[]): void;
  heal(): void;
  destroy(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000 });
}

/** undefined when namespaces can be made here, else why not. */
export function netnsSupport(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore', timeout: 5000 });
  } catch {
    return 'iproute2 (the ip command) is not installed';
  }
  return undefined;
}

export function createNamespaceNetwork(size: number): NamespaceNetwork {
  const tag = randomBytes(2).toString('hex');
  const subnet = `10.213.${randomBytes(1)[0] ?? 0}`;
  const bridge = `svb${tag}`;
  const hostEnd = (index: number): string => `svh${tag}n${index}`;
  const namespace = (index: number): string => `svns${tag}n${index}`;
  const address = (index: number): string => `${subnet}.${index + 1}`;
  const blackholes: { index: number; to: string }[] = [];
  const made: { bridge: boolean; namespaces: number[] } = { bridge: false, namespaces: [] };

  const network: NamespaceNetwork = {
    namespace,
    address,
    cut: (index) => ip('link', 'set', hostEnd(index), 'down'),
    reconnect: (index) => ip('link', 'set', hostEnd(index), 'up'),
    partition: (groupA, groupB) => {
      for (const [from, to] of [
        [groupA, groupB],
        [groupB, groupA],
      ] as const) {
        for (const index of from) {
          for (const other of to) {
            ip('-n', namespace(index), 'route', 'add', 'blackhole', `${address(other)}/32`);
            blackholes.push({ index, to: address(other) });
          }
        }
      }
    },
    heal: () => {
      for (const { index, to } of blackholes.splice(0)) ip('-n', namespace(index), 'route', 'del', 'blackhole', `${to}/32`);
    },
    destroy: () => {
      for (const index of made.namespaces.splice(0)) {
        // deleting the namespace deletes its veth end, and with it the root end
        try {
          ip('netns', 'del', namespace(index));
        } catch {
          // already gone
        }
      }
      if (made.bridge) {
        made.bridge = false;
        try {
          ip('link', 'del', bridge);
        } catch {
          // already gone
        }
      }
    },
  };

  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    made.bridge = true;
    ip('addr', 'add', `${subnet}.254/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (let index = 0; index < size; index += 1) {
      ip('netns', 'add', namespace(index));
      made.namespaces.push(index);
      ip('link', 'add', hostEnd(index), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace(index));
      ip('link', 'set', hostEnd(index), 'master', bridge, 'up');
      ip('-n', namespace(index), 'addr', 'add', `${address(index)}/24`, 'dev', 'eth0');
      ip('-n', namespace(index), 'link', 'set', 'eth0', 'up');
      ip('-n', namespace(index), 'link', 'set', 'lo', 'up');
    }
  } catch (error) {
    network.destroy();
    throw error;
  }
  return network;
}
