/**
 * The event stream of real nodes (event_link = WS): a subscriber of node2 (on its event_port, and
 * on its main port under /events) gets the supvisors status, the instance statuses, and, when a
 * process started through node1 runs on node3, its process event and its process and
 * application statuses, nothing it did not subscribe to; the host statistics of every instance
 * arrive too (those of node1 and node3 through the transport).
 */
import assert from 'node:assert/strict';
import { EventClient } from '../../client/events.js';
import type { EventHeader } from '../../events/headers.js';
import { PASSWORD, USER, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { eventClusterSuite } from './event-cluster.js';

const programs = `[group:svc]\nprograms = p\n[program:p]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n[group:bad]\nprograms = q\n[program:q]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc"><programs><program name="p"><start_sequence>1</start_sequence><identifiers>node3</identifiers></program></programs></application>
  <application name="bad"><programs><program name="q"><start_sequence>1</start_sequence><identifiers>nowhere</identifiers></program></programs></application>
</root>
`;

describe('event stream of a cluster', function () {
  this.timeout(60_000);
  const suite = eventClusterSuite();

  it('publishes statuses, process events and statistics to the headers subscribed', async () => {
    const { cluster: c, eventPorts } = await suite.start({ programs, rules, supvisors: 'stats_collecting_period = 1\nstats_periods = 1' });
    const [node1, node2, node3] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];

    const received: { header: EventHeader; body: Record<string, unknown> }[] = [];
    const onMain: { header: EventHeader; body: Record<string, unknown> }[] = [];
    const record = (into: typeof received, header: EventHeader) => (body: unknown) => void into.push({ header, body: body as Record<string, unknown> });
    const subscriber = new EventClient({
      host: '127.0.0.1',
      port: eventPorts[1] ?? 0,
      // The nodes have [inet_http_server] credentials: both ports ask for them.
      credentials: { username: USER, password: PASSWORD },
      headers: ['supvisors', 'instance', 'process', 'event', 'application', 'hstats'],
      handlers: {
        supvisors: record(received, 'supvisors'),
        instance: record(received, 'instance'),
        process: record(received, 'process'),
        event: record(received, 'event'),
        application: record(received, 'application'),
        hstats: record(received, 'hstats'),
        pstats: record(received, 'pstats'),
      },
    });
    suite.track(subscriber);
    const mainPort = new EventClient({ host: '127.0.0.1', port: node2.httpPort, basePath: '/events', credentials: { username: USER, password: PASSWORD }, headers: ['process'], handlers: { process: record(onMain, 'process'), event: record(onMain, 'event') } });
    suite.track(mainPort);
    await subscriber.waitOpen(5000);
    await mainPort.waitOpen(5000);

    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:p', '', true]), true);
    await waitFor('the events of the start', () => received.some((event) => event.header === 'process' && event.body['process_name'] === 'p' && event.body['statename'] === 'RUNNING'), { timeoutMs: 5000, intervalMs: 20 });
    const event = received.find((one) => one.header === 'event' && one.body['name'] === 'p' && one.body['state'] === 20);
    assert.equal(event?.body['identifier'], node3.identifier, 'the RUNNING event of p comes from node3');
    assert.ok(received.some((one) => one.header === 'application' && one.body['application_name'] === 'svc' && one.body['statename'] === 'RUNNING'));
    await waitFor('instance and host statistics', () => received.some((one) => one.header === 'instance') && received.some((one) => one.header === 'hstats'), { timeoutMs: 8000, intervalMs: 50 }).catch(
      (error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; received: ${[...new Set(received.map((one) => one.header))].join(', ')}`);
      },
    );
    assert.ok(received.every((one) => one.header !== 'pstats'), 'pstats not subscribed: never sent, although a handler exists');
    // the other instances' statistics arrive through the transport: node2's stream has every instance's
    await waitFor('hstats of every instance', () => new Set(received.filter((one) => one.header === 'hstats').map((one) => one.body['identifier'])).size === 3, { timeoutMs: 8000, intervalMs: 50 });
    // a start without resource: the forced FATAL has its event
    // (asked of node2, whose starter forces the state and whose stream is read)
    await c.call(node2, 'supvisors.start_application', ['CONFIG', 'bad', true]).catch(() => false);
    const forced = (one: { header: EventHeader; body: Record<string, unknown> }): boolean => one.header === 'event' && one.body['name'] === 'q' && one.body['state'] === 200 && one.body['spawnerr'] === 'No resource available';
    await waitFor('the forced event', () => received.some(forced), { timeoutMs: 5000, intervalMs: 20 });
    await waitFor('the forced status', () => received.some((one) => one.header === 'process' && one.body['process_name'] === 'q' && one.body['statename'] === 'FATAL'), { timeoutMs: 5000, intervalMs: 20 });
    // disable: the process as get_local_process_info shows it (S5 keys: statename, program_name...)
    assert.equal(await c.call(node1, 'supvisors.disable', ['q', true]), true);
    await waitFor('the disability event', () => received.some((one) => one.header === 'event' && one.body['name'] === 'q' && one.body['disabled'] === true && one.body['program_name'] === 'q'), { timeoutMs: 5000, intervalMs: 20 });
    assert.equal(await c.call(node1, 'supvisors.enable', ['q', true]), true);
    assert.equal(received.filter(forced).length, 1, 'the forced state published once');
    await waitFor('the main port stream', () => onMain.some((one) => one.header === 'process' && one.body['process_name'] === 'p'), { timeoutMs: 5000, intervalMs: 20 });
    assert.ok(onMain.every((one) => one.header === 'process'), 'only process statuses on /events/process');
    // the publisher's figures in the diagnostics: two subscribers, drops counted (none here)
    const diagnostics = await c.call(node2, 'supvisors.get_actor_diagnostics', [0, '']);
    const events = (diagnostics as Record<string, unknown>)['events'] as Record<string, unknown> | undefined;
    assert.equal(events?.['dropped'], 0);
    assert.ok(Array.isArray(events?.['clients']) && events['clients'].length === 2, JSON.stringify(events));
  });
});
