/** What bench/cluster.ts and bench/peer-node.ts share: the far end's messages and the secret. */
import type { ReplyTo } from '../actors/core/index.js';
import type { PeerSecret } from '../transport/index.js';

export type PeerBenchMessage =
  | { readonly type: 'ping'; readonly n: number; readonly replyTo: ReplyTo<number> }
  | { readonly type: 'hit'; readonly n: number }
  | { readonly type: 'count'; readonly replyTo: ReplyTo<number> };

export const PEER_BENCH_SECRET: PeerSecret = { mode: 'secret', key: Buffer.from('bench cluster peer secret') };
