#!/usr/bin/env node
/**
 * supvisorsd: the Supvisors runtime of one node. Starts the actor system and the HTTP server,
 * dumps actor diagnostics to the log on SIGUSR2, stops gracefully on SIGTERM / SIGINT.
 */
import { ActorSystem, formatDiagnostics } from '../actors/core/index.js';
import { diagnosticsRoutes } from '../api/diagnostics-routes.js';
import { HttpServer } from '../api/http-server.js';
import { loadConfig } from '../config/index.js';
import { isSupvisorsError } from '../errors/errors.js';
import { Logger } from '../log/logger.js';

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2));
  if (config.checkOnly) {
    process.stderr.write('configuration OK\n');
    return;
  }
  const log = Logger.create({ level: config.logLevel });
  const system = new ActorSystem({ node: config.node, logger: log });
  const server = new HttpServer(diagnosticsRoutes(system), log.child('http'));
  const port = await server.listen(config.httpPort, config.host);
  log.info(`supvisorsd ${config.node} listening on http://${config.host}:${port}`);
  process.on('SIGUSR2', () => log.info(formatDiagnostics(system.diagnostics({ peek: 10 }))));
  const stop = (signal: string) => {
    log.info(`${signal} received: stopping`);
    void Promise.all([system.shutdown('drain'), server.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`supvisorsd: ${isSupvisorsError(error) ? error.message : String(error)}\n`);
  process.exit(2);
});
