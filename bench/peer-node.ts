/**
 * The far end of bench/cluster.ts's peer figures, run in its own process: an ActorSystem with its
 * own HttpServer and Transport, an `echo` actor (replies to asks) and a `sink` actor (counts
 * tells). Arguments: the bench's identifier and port. Prints its own port on stdout, then runs
 * until stdin closes (the bench exiting or killing it ends it too).
 */
import { ActorSystem } from '../actors/core/index.js';
import { HttpServer } from '../http/http-server.js';
import { Logger } from '../log/logger.js';
import { Transport } from '../transport/index.js';
import { PEER_BENCH_SECRET, type PeerBenchMessage } from './peer-protocol.js';

const [benchIdentifier = 'bench-a', benchPort = '0'] = process.argv.slice(2);
const logger = Logger.create({ level: 'critical' });
const system = new ActorSystem({ node: 'bench-b', logger });
const http = new HttpServer([], logger);
const port = await http.listen(0, '127.0.0.1');
let hits = 0;
system.spawn<PeerBenchMessage>('bench', () => ({
  receive(message) {
    switch (message.type) {
      case 'ping':
        message.replyTo.reply(message.n);
        return;
      case 'hit':
        hits += 1;
        return;
      case 'count':
        message.replyTo.reply(hits);
        return;
    }
  },
}));
const transport = new Transport(system, http, {
  identifier: 'bench-b',
  peers: [{ identifier: benchIdentifier, host: '127.0.0.1', port: Number(benchPort) }],
  listenHost: '127.0.0.1',
  secret: PEER_BENCH_SECRET,
});
process.stdout.write(`${port}\n`);
const end = async (): Promise<void> => {
  await transport.close();
  await system.shutdown();
  await http.close();
  process.exit(0);
};
process.stdin.on('end', () => void end());
process.stdin.resume();
