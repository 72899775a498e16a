#!/usr/bin/env node
/**
 * supvisorsd: the Supvisors runtime of one node, started by supervisord as its event listener
 * (docs/configuration.md). Reads the [supvisors] section of the supervisord.conf named by -c,
 * mirrors the local supervisord through the bridge actor, serves XML-RPC and diagnostics on its
 * own port, dumps actor diagnostics to the log on SIGUSR2 and stops on SIGTERM / SIGINT or when
 * supervisord closes its stdin.
 */
import { ActorSystem, formatDiagnostics, type SystemDiagnostics } from '../actors/core/index.js';
import { DIAGNOSTICS, diagnosticsActor, type DiagnosticsMessage, type NodeFigures } from '../actors/diagnostics/diagnostics.js';
import { memoryFigures } from '../actors/diagnostics/memory.js';
import { EVENT_LOOP_WINDOW_MS, EventLoopMonitor, slowLoopWarning } from '../actors/diagnostics/event-loop.js';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { EVENT_FEED, eventFeed, type EventFeedMessage } from '../actors/event-publisher/feed.js';
import { checkEventLink, eventPublisherActor } from '../actors/event-publisher/event-publisher.js';
import { MAIN_PORT_EVENTS_PATH } from '../actors/event-publisher/ws-link.js';
import { EVENT_PUBLISHER, type EventPublisherMessage, type EventPublisherStatus } from '../actors/event-publisher/messages.js';
import { CONCILIATOR, type ConciliatorMessage } from '../actors/conciliator/conciliator.js';
import { CONTEXT, type ContextMessage } from '../actors/context/messages.js';
import { STARTER, type StarterMessage } from '../actors/starter/messages.js';
import { STOPPER, type StopperMessage } from '../actors/stopper/messages.js';
import { applicationMethods } from '../api/supvisors/application-methods.js';
import { statisticsMethods, statisticsReadMethods } from '../api/supvisors/statistics-methods.js';
import { logMethods } from '../api/supvisors/log-methods.js';
import { LOG_READER, type LogReaderMessage } from '../actors/log-reader/log-reader.js';
import { STATS, type StatsMessage } from '../actors/stats/messages.js';
import { statsActor, statsOptionsFromConfig } from '../actors/stats/stats-actor.js';
import { controlMethods } from '../api/supvisors/control-methods.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { loadPlugins, pluginsOfKind, rulesStrategies, unknownPluginOptions } from '../actors/plugins/load-plugins.js';
import { strategyMethods } from '../api/supvisors/strategy-methods.js';
import { plainForPlugin } from '../plugin-worker/plain-data.js';
import { toXmlRpcValue } from '../xmlrpc/values.js';
import { conciliationStrategyNames, startingStrategyNames } from '../vocabulary/strategies.js';
import { clusterFacts, spawnApplicationActors } from './application-actors.js';
import { checkConfiguration, exitCodeOf, exitMessage } from './check.js';
import { packageVersion } from '../cli/version.js';
import { loadNodeRules } from '../rules/node-rules.js';
import { DISCOVERY, discoveryActor, type DiscoveryMessage } from '../actors/discovery/discovery.js';
import { gatherLocalHost } from '../actors/instance-tracker/host-facts.js';
import { instanceTracker } from '../actors/instance-tracker/instance-tracker.js';
import { INSTANCE_TRACKER, type TrackerMessage } from '../actors/instance-tracker/messages.js';
import { STATE_MACHINE, type StateMachineMessage } from '../actors/state-machine/messages.js';
import { stateMachine } from '../actors/state-machine/state-machine.js';
import { ClusterView } from '../actors/state-machine/view.js';
import { clusterMethods } from '../api/supvisors/cluster-methods.js';
import { buildInstanceList, resolveName } from '../cluster/instances.js';
import { initialStateModes } from '../cluster/state-records.js';
import { diagnosticsRoutes } from '../api/diagnostics-routes.js';
import { metricsRoutes } from '../api/metrics-routes.js';
import { applicationViews } from '../model/applications.js';
import { logtailRoutes } from '../api/logtail-routes.js';
import { dashboardRoutes } from '../api/dashboard-routes.js';
import { HttpServer } from '../http/http-server.js';
import { localMethods } from '../api/supvisors/local-methods.js';
import { supervisorOverrides } from '../api/supvisors/supervisor-overrides.js';
import { ownProcess } from '../supervisor/own-process.js';
import { MethodTable } from '../api/xmlrpc/method-table.js';
import { xmlRpcRoutes } from '../api/xmlrpc/server.js';
import { docsRoutes } from '../api/rest/docs-routes.js';
import { openApiDocument } from '../api/rest/openapi.js';
import { restRoutes } from '../api/rest/rest-routes.js';
import { loadConfig, parseCommandLine, type RuntimeConfig } from '../config/index.js';
import { readGroupPrograms, readProgramSections } from '../config/program-sections.js';
import { describeError, rpcFault, SupvisorsError } from '../errors/errors.js';
import { Logger } from '../log/logger.js';
import { heapSizingAdvice, RUNTIME_NODE_FLAGS } from '../config/node-flags.js';
import { supervisorBridge } from '../supervisor-bridge/bridge.js';
import { EventListener } from '../supervisor-bridge/event-listener.js';
import { ARGS_DIR_VARIABLE, ExtraArgsStore } from '../supervisor-bridge/extra-args.js';
import { BRIDGE, type BridgeMessage } from '../supervisor-bridge/messages.js';
import { SupervisorClient } from '../supervisor-bridge/supervisor-client.js';
import { supervisorProber } from '../supervisor-bridge/supervisor-probe.js';
import { localRef, PEER_PATH, resolvePeerSecret, Transport } from '../transport/index.js';
import { toSupervisorEvent } from '../supervisor/events.js';

function createLogger(config: RuntimeConfig): Logger {
  const { logfile, logfileMaxbytes, logfileBackups, loglevel, softwareName } = config.options;
  // AUTO: stderr, which supervisord keeps in the listener's stderr_logfile.
  return Logger.create({
    level: loglevel,
    prefix: softwareName,
    ...(logfile === 'AUTO' ? {} : { file: logfile, maxBytes: logfileMaxbytes, backups: logfileBackups }),
  });
}

/** Started by supervisord as an event listener: it sets SUPERVISOR_ENABLED and pipes our stdin. */
function underSupervisord(): boolean {
  return process.env['SUPERVISOR_ENABLED'] === '1' && !process.stdin.isTTY;
}

/** `supvisorsd --help`: how supervisord starts it and its options (docs/configuration.md). */
const helpText = `supvisorsd -- the Supvisors runtime of one node, beside its supervisord.

Usage: supvisorsd -c FILE [--check]
       supvisorsd --help | --version

supervisord starts it as an event listener declared in its own supervisord.conf,
which supvisorsd reads too (its options are in the [supvisors] section):

  [eventlistener:supvisors]
  command = node ${RUNTIME_NODE_FLAGS.join(' ')} /path/to/dist/bin/supvisorsd.js -c %(here)s/supervisord.conf
  events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
  buffer_size = 1024
  startsecs = 0
  autorestart = unexpected
  exitcodes = 78

Options:
-c/--configuration FILE -- the supervisord.conf to read (default: $SUPVISORS_CONFIG)
--check -- check the configuration, print what is wrong, and exit
-h/--help -- print this message and exit
--version -- print the version and exit

Exit status: 0 when stopped, 78 on a configuration error, 1 on any other failure.
Setting up a node, every option, --check: docs/configuration.md
`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // Asked alone or among other arguments, as supervisord answers -h and -v.
  if (argv.some((argument) => argument === '-h' || argument === '--help')) {
    process.stdout.write(helpText);
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const { configFile, checkOnly } = parseCommandLine(argv);
  const config = loadConfig(configFile);
  if (checkOnly) {
    process.exitCode = await checkConfiguration(config, (line) => process.stderr.write(`${line}\n`));
    return;
  }
  // scrypt on the thread pool while the rest starts; awaited where the transport is built. A
  // wrong peer_secret throws here (CONFIG_INVALID); until the await, a failure of the derivation
  // itself must not count as an unhandled rejection.
  const { peerSecret } = config.options;
  const secret = resolvePeerSecret({
    ...(peerSecret === undefined ? {} : { peerSecret }),
    ...(config.http.username === undefined ? {} : { username: config.http.username }),
    ...(config.http.password === undefined ? {} : { password: config.http.password }),
  });
  secret.catch(() => undefined);
  // The instance list first: a node that cannot find itself in supvisors_list does not start.
  const localHost = await gatherLocalHost();
  const built = buildInstanceList(config.options, config.identifier, localHost.facts);
  if (!built.ok) throw new SupvisorsError('CONFIG_INVALID', `invalid configuration: ${config.configFile}: ${built.error.message}`);
  const list = built.value;
  const log = createLogger(config);
  for (const warning of config.warnings) log.warn(warning);
  const heapAdvice = heapSizingAdvice(getHeapStatistics().heap_size_limit);
  if (heapAdvice !== undefined) log.info(heapAdvice);
  const system = new ActorSystem({ node: config.identifier, logger: log });
  // actor plugins call the XML-RPC methods in-process, once they are served
  let serve: (table: MethodTable) => void = () => undefined;
  const served = new Promise<MethodTable>((resolve) => {
    serve = resolve;
  });
  const pluginLog = log.child('plugins');
  const plugins = await loadPlugins(system, config.options.plugins, {
    timeoutMs: config.options.pluginTimeout * 1000,
    host: {
      call: async (method, params) => {
        const methods = await served;
        try {
          return plainForPlugin(await methods.invoke(method, params.map((param, index) => toXmlRpcValue(param, `${method} parameter ${index + 1}`))));
        } catch (error) {
          // the fault's `NAME: detail` text crosses to the worker thread, not only the detail
          throw new Error(describeError(error), { cause: error });
        }
      },
      log: (level, text) => pluginLog[level](text),
    },
  });
  for (const plugin of plugins) log.info(`plugin ${plugin.file}: ${plugin.kind} ${plugin.name}`);
  const pluginOptionProblems = unknownPluginOptions(config.options, plugins);
  if (pluginOptionProblems.length > 0) throw new SupvisorsError('CONFIG_INVALID', `invalid configuration: ${config.configFile}: ${pluginOptionProblems.join('; ')}`);
  // A rules file that gives no rule is a configuration error (thrown): the node does not start.
  const rules = loadNodeRules(config.options.rulesFiles, { startingStrategy: config.options.startingStrategy, extraStrategies: rulesStrategies(plugins) }, log);
  const supervisor = new SupervisorClient(config.supervisor);
  const argsDir = process.env[ARGS_DIR_VARIABLE];
  const bridge = system.spawn<BridgeMessage>(
    BRIDGE,
    supervisorBridge({
      client: supervisor,
      sections: () => readProgramSections(config.configFile),
      ...(argsDir === undefined || argsDir === '' ? {} : { extraArgs: new ExtraArgsStore(argsDir) }),
      ...(config.options.disabilitiesFile === undefined ? {} : { disabilitiesFile: config.options.disabilitiesFile }),
      ...(config.options.numprocsFile === undefined ? {} : { numprocsFile: config.options.numprocsFile }),
    }),
  );

  const view = new ClusterView(list, initialStateModes(list.instances, list.localIdentifier, config.options.multicastGroup !== undefined), config.options, localHost.network);
  const stateMachineRef = localRef<StateMachineMessage>(system, STATE_MACHINE);
  const { tlsCertfile, tlsKeyfile, tlsCafile } = config.options;
  // with TLS the peers show their certificate too (mutual TLS on /peer), checked against tls_cafile
  const tls =
    tlsCertfile === undefined || tlsKeyfile === undefined
      ? undefined
      : { cert: readFileSync(tlsCertfile), key: readFileSync(tlsKeyfile), ...(tlsCafile === undefined ? {} : { ca: readFileSync(tlsCafile) }) };
  // Supervisor's [inet_http_server] credentials guard every surface of our port (HttpServer) and the event port.
  const credentials = config.http.username === undefined ? undefined : { username: config.http.username, password: config.http.password ?? '' };
  // What every diagnostics answer, local or asked by a peer, adds to the actors: the peer links
  // (the transport is built below; the figures are read only once the server answers), the event loop's delay
  // (a window showing a blocked loop is logged) and where the memory goes.
  const loopLog = log.child('event-loop');
  const silenceMs = Math.round(config.options.heartbeatPeriod * 1000) * config.options.heartbeatMisses;
  const eventLoop = new EventLoopMonitor(EVENT_LOOP_WINDOW_MS, (figures) => {
    const warning = slowLoopWarning(figures, silenceMs);
    if (warning !== undefined) loopLog.warn(warning);
  });
  eventLoop.start();
  const nodeFigures: NodeFigures = () => ({ peers: transport.links(), eventLoop: eventLoop.figures(), memory: memoryFigures() });
  // Every method described once (contract/): XML-RPC, REST and the OpenAPI document answer from this table.
  const runtimeProcess = ownProcess();
  const clusterModel = (): Promise<ClusterModel> => localRef<ContextMessage>(system, CONTEXT).ask<ClusterModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const eventStatus = () => localRef<EventPublisherMessage>(system, EVENT_PUBLISHER).ask<EventPublisherStatus>((replyTo) => ({ type: 'clients', replyTo }), 2000);
  const table = new MethodTable({
    implementations: [
      ...localMethods({
        system,
        bridge,
        apiVersion: config.options.apiVersion,
        log,
        clusterModel,
        nodeFigures,
        events: eventStatus,
        ...(runtimeProcess === undefined ? {} : { ownProcess: runtimeProcess }),
        bridges: () => [...clusterFacts(view).running].map((identifier) => (identifier === list.localIdentifier ? bridge : transport.remoteRef<BridgeMessage>(identifier, BRIDGE))),
        remoteDiagnostics: async (name, peek) => {
          const [identifier, ...others] = resolveName(list, name);
          if (identifier === undefined || others.length > 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
          if (identifier === list.localIdentifier) return undefined;
          return transport.remoteRef<DiagnosticsMessage>(identifier, DIAGNOSTICS).ask<SystemDiagnostics>((replyTo) => ({ type: 'snapshot', peek, replyTo }));
        },
      }),
      ...clusterMethods({
        view,
        stateMachine: stateMachineRef,
        // The methods run once the server listens, after the transport is built.
        remoteStateMachine: (identifier) => transport.remoteRef<StateMachineMessage>(identifier, STATE_MACHINE),
      }),
      ...applicationMethods({
        view,
        getModel: clusterModel,
        rules: () => rules,
        startingStrategy: config.options.startingStrategy,
      }),
      ...controlMethods({
        context: localRef<ContextMessage>(system, CONTEXT),
        starter: localRef<StarterMessage>(system, STARTER),
        stopper: localRef<StopperMessage>(system, STOPPER),
        conciliator: localRef<ConciliatorMessage>(system, CONCILIATOR),
        view,
        strategyNames: (kind) => [...(kind === 'starting' ? startingStrategyNames : conciliationStrategyNames), ...plugins.filter((plugin) => plugin.kind === kind).map((plugin) => plugin.name)],
      }),
      ...strategyMethods(plugins),
      ...statisticsMethods(localRef<StatsMessage>(system, STATS)),
      ...statisticsReadMethods({
        stats: localRef<StatsMessage>(system, STATS),
        localIdentifier: list.localIdentifier,
        periods: config.options.statsPeriods,
        resolveIdentifier: (name) => {
          const [identifier, ...others] = resolveName(list, name);
          return others.length > 0 ? undefined : identifier;
        },
        remoteStats: (identifier) => transport.remoteRef<StatsMessage>(identifier, STATS),
        knownProcess: async (namespec) => (await clusterModel()).processes.has(namespec),
      }),
      ...logMethods({ system, supervisor, list, reader: (identifier) => transport.remoteRef<LogReaderMessage>(identifier, LOG_READER) }),
      ...supervisorOverrides(bridge, supervisor, { groupPrograms: (group) => readGroupPrograms(config.configFile).get(group) ?? [] }),
    ],
    complete: true,
    supervisor,
    state: () => view.state,
    log: log.child('xmlrpc'),
  });
  serve(table);
  const server: HttpServer = new HttpServer(
    [
      ...xmlRpcRoutes({ table, log: log.child('xmlrpc') }),
      ...docsRoutes(() => openApiDocument(table.contracts, { title: 'Supvisors', version: config.options.apiVersion })),
      ...restRoutes(table, log.child('rest')),
      ...diagnosticsRoutes(system),
      ...metricsRoutes({
        version: packageVersion(),
        system,
        view,
        clusterModel,
        applications: (model) => applicationViews(model, rules, config.options.startingStrategy),
        peers: () => transport.links(),
        events: eventStatus,
        eventLoop: () => eventLoop.figures(),
        memory: memoryFigures,
        stats: localRef<StatsMessage>(system, STATS),
        statsPeriod: config.options.statsPeriods[0] ?? 10,
      }),
      ...logtailRoutes(supervisor, log.child('logtail')),
      ...dashboardRoutes({ localIdentifier: list.localIdentifier, cssFiles: config.options.cssFiles, log: log.child('dashboard') }),
    ],
    log.child('http'),
    tls,
    // One check for /RPC2, diagnostics, /events and whatever comes; /peer proves the peer secret instead.
    { ...(credentials === undefined ? {} : { credentials }), ownAuthentication: [PEER_PATH] },
  );
  const { heartbeatPeriod, heartbeatMisses } = config.options;
  const transport: Transport = new Transport(system, server, {
    identifier: list.localIdentifier,
    peers: list.instances.filter((instance) => instance.identifier !== list.localIdentifier).map(({ identifier, host, port }) => ({ identifier, host, port })),
    listenHost: config.http.host,
    secret: await secret,
    heartbeatPeriodMs: Math.round(heartbeatPeriod * 1000),
    heartbeatMisses,
    ...(tls === undefined ? {} : { tls }),
  });
  system.spawn<DiagnosticsMessage>(DIAGNOSTICS, diagnosticsActor(nodeFigures));
  system.spawn<TrackerMessage>(
    INSTANCE_TRACKER,
    instanceTracker({ localIdentifier: list.localIdentifier, network: transport, stateMachine: stateMachineRef, probeSupervisor: supervisorProber(config.http) }),
  );
  // What the peers ask when this runtime is lost: this supervisord, at an address they can reach (runtime-loss.ts).
  const inet = config.supervisorInet;
  const ownHost = list.instances.find((instance) => instance.identifier === list.localIdentifier)?.host ?? config.http.host;
  const localSupervisor =
    inet === undefined || !underSupervisord() ? undefined : { host: ['', '*', '0.0.0.0'].includes(inet.host) ? ownHost : inet.host, port: inet.port, pid: process.ppid };
  const { eventLink, eventPort, eventPortOpen = false } = config.options;
  const feed = localRef<EventFeedMessage>(system, EVENT_FEED);
  // The stream is always served on the main port's /events (the dashboard's live feed), and
  // also on event_port per event_link.
  await checkEventLink(eventLink);
  system.spawn<EventPublisherMessage>(
    EVENT_PUBLISHER,
    eventPublisherActor({
      link: eventLink,
      port: eventPort,
      // Where the main port listens: a node set to 127.0.0.1 publishes on 127.0.0.1 only.
      host: config.http.host,
      ...(credentials === undefined ? {} : { credentials }),
      open: eventPortOpen,
      mount: (handler) => {
        const removers = [server.onUpgrade(MAIN_PORT_EVENTS_PATH, handler), server.onUpgrade(`${MAIN_PORT_EVENTS_PATH}/*`, handler)];
        return () => removers.forEach((remove) => remove());
      },
    }),
  );
  const stats = system.spawn<StatsMessage>(
    STATS,
    statsActor({
      ...statsOptionsFromConfig(list.localIdentifier, config.options),
      outputs: {
        compiled: ({ hstats, pstats }) => feed.tell({ type: 'statistics', hstats, pstats }),
        // the samples go to the peers' stats actors (HOST_STATISTICS / PROCESS_STATISTICS) while the cluster works
        localSamples: (host, processes) => {
          if (!['ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION'].includes(view.state)) return;
          for (const identifier of clusterFacts(view).running) {
            if (identifier === list.localIdentifier) continue;
            const peer = transport.remoteRef<StatsMessage>(identifier, STATS);
            if (host !== undefined) peer.tell({ type: 'peer-host-sample', identifier: list.localIdentifier, sample: host });
            if (processes.length > 0) peer.tell({ type: 'peer-process-samples', identifier: list.localIdentifier, samples: processes });
          }
        },
      },
    }),
  );
  bridge.tell({ type: 'subscribe', subscriber: stats });
  if (underSupervisord()) stats.tell({ type: 'supervisord-pid', pid: process.ppid });
  const applications = spawnApplicationActors(system, view, () => transport, rules, plugins);
  system.spawn<EventFeedMessage>(
    EVENT_FEED,
    eventFeed({
      view,
      context: applications.context,
      publisher: localRef<EventPublisherMessage>(system, EVENT_PUBLISHER),
      followers: [...pluginsOfKind(plugins, 'actor').values()],
      rules: () => rules,
      periodMs: Math.round(heartbeatPeriod * 1000),
    }),
  );
  system.spawn<StateMachineMessage>(
    STATE_MACHINE,
    stateMachine({
      onInstanceState: (identifier, state) => applications.context.tell({ type: 'instance-state', identifier, state }),
      onProcessesLost: (identifier, why) => applications.context.tell({ type: 'processes-lost', identifier, why }),
      awaitProcesses: true,
      onRecords: (records) => feed.tell({ type: 'cluster-records', records }),
      ...(localSupervisor === undefined ? {} : { localSupervisor }),
      onApplications: (work) => {
        switch (work.kind) {
          case 'start-applications':
            return void applications.starter.tell({ type: 'start-distribution', ticket: work.ticket });
          case 'stop-applications':
            return void applications.stopper.tell({ type: 'stop-all', ticket: work.ticket });
          case 'conciliate':
            return void applications.conciliator.tell({ type: 'auto' });
          case 'instances-lost':
            applications.starter.tell({ type: 'targets-lost', identifiers: work.identifiers });
            return void applications.stopper.tell({ type: 'targets-lost', identifiers: work.identifiers });
          case 'abort-jobs':
            applications.starter.tell({ type: 'abort' });
            return void applications.stopper.tell({ type: 'abort' });
        }
      },
      view,
      tracker: localRef<TrackerMessage>(system, INSTANCE_TRACKER),
      periodMs: Math.round(heartbeatPeriod * 1000),
      closeSupervisor: async (kind) => {
        log.warn(`supervisord ${kind}`);
        await supervisor.call(kind === 'restart' ? 'supervisor.restart' : 'supervisor.shutdown');
      },
    }),
  );
  const { multicastGroup, multicastInterface, multicastTtl } = config.options;
  const localInstance = list.instances.find((instance) => instance.identifier === list.localIdentifier);
  if (multicastGroup !== undefined && localInstance !== undefined) {
    system.spawn<DiscoveryMessage>(
      DISCOVERY,
      discoveryActor({
        group: multicastGroup,
        interfaceAddress: multicastInterface,
        ttl: multicastTtl,
        periodMs: Math.round(heartbeatPeriod * 1000),
        announcement: {
          identifier: localInstance.identifier,
          nickIdentifier: localInstance.nickIdentifier,
          hostId: localInstance.host,
          httpPort: localInstance.port,
          stereotypes: localInstance.stereotypes,
        },
        stateMachine: stateMachineRef,
      }),
    );
  }
  const port = await server.listen(config.http.port, config.http.host);
  log.info(`supvisorsd ${list.localIdentifier} (${config.identifier}) listening on ${tls === undefined ? 'http' : 'https'}://${config.http.host}:${port} (XML-RPC /RPC2, diagnostics /diagnostics)`);

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping: ${why}`);
    void transport
      .close()
      .then(() => Promise.all([system.shutdown('drain'), server.close()]))
      .then(() => {
        supervisor.close();
        process.exit(0);
      });
  };

  if (underSupervisord()) {
    new EventListener(process.stdin, process.stdout, {
      event: (envelope) => bridge.tell({ type: 'supervisor-event', event: toSupervisorEvent(envelope), poolSerial: envelope.poolSerial }),
      broken: (reason) => {
        log.error(`event listener protocol: ${reason}`);
        bridge.tell({ type: 'resync', reason: 'event stream out of step' });
      },
      closed: () => stop('supervisord closed the event stream'),
    }).start();
  } else {
    log.warn('not started by supervisord as an event listener: no events, the model is resynchronised every 2 s');
    setInterval(() => bridge.tell({ type: 'resync', reason: 'periodic (no event listener)' }), 2000).unref();
  }
  process.on('SIGUSR2', () => log.info(formatDiagnostics(system.diagnostics({ peek: 10 }))));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

// A configuration error exits EXIT_CONFIG, which the listener section makes supervisord leave stopped (bin/check.ts).
main().catch((error: unknown) => {
  process.stderr.write(`${exitMessage(error)}\n`);
  process.exit(exitCodeOf(error));
});
