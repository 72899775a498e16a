/**
 * The process messages of real nodes, on the stream of every node, as Supvisors 0.19 publishes
 * them (spec/events.md §4.4, §4.5, §5): one `event` per Supervisor change (none before a start,
 * no duplicate after a stop or a crash), statuses only after an event or when they changed (none
 * for the unchanged processes of a numprocs step), the DELETED status of a process gone from
 * every instance, a stream that ends on get_process_info's view, one disability event with
 * 0.19's keys for a disable on one instance, and the `instance` FAILED then STOPPED of a lost
 * node.
 */
import assert from 'node:assert/strict';
import { EventClient } from '../../client/events.js';
import type { EventHeader } from '../../events/headers.js';
import { PASSWORD, USER, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { eventClusterSuite } from './event-cluster.js';

const programs = [
  '[group:svc]\nprograms = p,crash,w,marker\n',
  '[program:p]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n',
  "[program:crash]\ncommand = sh -c 'sleep 0.5; exit 3'\nautostart = false\nautorestart = false\nstartsecs = 0\n",
  "[program:w]\ncommand = sh -c 'sleep 0.3; exit 0'\nautostart = false\nautorestart = false\nstartsecs = 0\n",
  '[program:marker]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n',
  '[program:n]\nprocess_name = n_%(process_num)d\nnumprocs = 3\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n',
].join('');
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc">
    <programs>
      <program name="p"><identifiers>node1</identifiers></program>
      <program name="crash"><identifiers>node1</identifiers></program>
      <program name="w"><start_sequence>1</start_sequence><wait_exit>true</wait_exit><identifiers>node1</identifiers></program>
      <program name="marker"><identifiers>node1</identifiers></program>
    </programs>
  </application>
  <application name="n"/>
</root>
`;

/** LocalProcessInfo as 0.19 sends it in a disability event (spec/events.md §4.4 d). */
const S5_KEYS = [
  'name', 'group', 'state', 'statename', 'start', 'stop', 'now', 'pid', 'description', 'spawnerr', 'expected', 'start_monotonic', 'stop_monotonic',
  'now_monotonic', 'extra_args', 'startsecs', 'stopwaitsecs', 'process_index', 'program_name', 'disabled', 'has_stdout', 'has_stderr',
];

interface Message {
  readonly header: EventHeader;
  readonly body: Record<string, unknown>;
}

describe('process messages of a cluster, on every stream', function () {
  this.timeout(90_000);
  const suite = eventClusterSuite();

  it('one event per Supervisor change, statuses that changed, DELETED after numprocs, FAILED then STOPPED for a lost node', async () => {
    const { cluster: c, eventPorts } = await suite.start({ programs, rules });
    const [node1, , node3] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];

    const streams: Message[][] = [[], [], []];
    for (const [index, stream] of streams.entries()) {
      const record = (header: EventHeader) => (body: unknown) => void stream.push({ header, body: body as Record<string, unknown> });
      const client = new EventClient({
        host: '127.0.0.1',
        port: eventPorts[index] ?? 0,
        credentials: { username: USER, password: PASSWORD },
        headers: ['instance', 'process', 'event', 'application'],
        handlers: { instance: record('instance'), process: record('process'), event: record('event'), application: record('application') },
      });
      suite.track(client);
      await client.waitOpen(5000);
    }
    const everyStream = async (what: string, found: (message: Message) => boolean): Promise<void> => {
      await waitFor(what, () => streams.every((stream) => stream.some(found)), { timeoutMs: 10_000, intervalMs: 20 });
    };
    const statusOf = (name: string, state: string) => (message: Message) => message.header === 'process' && message.body['process_name'] === name && message.body['statename'] === state;

    // start, stop, crash
    await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:p', '', true]);
    await c.call(node1, 'supvisors.stop_process', ['svc:p', true]);
    await everyStream('p STOPPED', statusOf('p', 'STOPPED'));
    await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:crash', '', true]).catch(() => false);
    await everyStream('crash EXITED', statusOf('crash', 'EXITED'));
    // wait_exit program: it exits, expected
    await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:w', '', true]).catch(() => false);
    await everyStream('w EXITED', statusOf('w', 'EXITED'));

    // disable on node1: one event (d) per stream, for node1's process, with 0.19's keys
    assert.equal(await c.call(node1, 'supvisors.disable', ['p', true]), true);
    const disability = (message: Message): boolean => message.header === 'event' && message.body['name'] === 'p' && 'program_name' in message.body;
    await everyStream('the disability event', disability);

    // numprocs 3 -> 2 on every instance: n_2 goes from each one, then from every instance
    const before = streams.map((stream) => stream.length);
    for (const node of c.nodes) assert.equal(await c.call(node, 'supvisors.update_numprocs', ['n', 2]), true);
    await everyStream('n_2 DELETED', statusOf('n_2', 'DELETED'));

    // a marker: once it is RUNNING on every stream, what came before it is all there
    await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:marker', '', true]);
    await everyStream('marker RUNNING', statusOf('marker', 'RUNNING'));

    const info = await c.call(node1, 'supvisors.get_process_info', ['svc:w']);
    const modelState = Array.isArray(info) ? (info[0] as Record<string, unknown>)['statename'] : undefined;
    for (const [index, stream] of streams.entries()) {
      const where = `stream of node${index + 1}`;
      const states = (name: string): unknown[] => stream.filter((one) => one.header === 'event' && one.body['name'] === name && 'event_mtime' in one.body && 'disabled' in one.body).map((one) => one.body['state']);
      assert.deepEqual(states('p'), [10, 20, 40, 0], `${where}: p, one event per change, no STOPPED before the start`);
      assert.deepEqual(states('crash'), [10, 20, 100], `${where}: crash, EXITED once`);
      assert.deepEqual(states('w'), [10, 20, 100], `${where}: w`);
      const disabilities = stream.filter(disability);
      assert.equal(disabilities.length, 1, `${where}: one disability event`);
      assert.deepEqual(Object.keys(disabilities[0]?.body ?? {}).sort(), [...S5_KEYS].sort(), `${where}: 0.19's body`);
      assert.equal(disabilities[0]?.body['disabled'], true);
      const lastW = stream.filter((one) => one.header === 'process' && one.body['process_name'] === 'w').at(-1);
      assert.equal(lastW?.body['statename'], modelState, `${where}: the last status of w is get_process_info's`);
      // the numprocs step: what came before the marker's messages (the marker and its application svc left out)
      const step = stream.slice(before[index]).filter((one) => !(one.body['process_name'] === 'marker' || one.body['name'] === 'marker' || (one.header === 'application' && one.body['application_name'] === 'svc')));
      const removals = step.filter((one) => one.header === 'event');
      assert.deepEqual(removals.map((one) => one.body), [0, 1, 2].map(() => ({ name: 'n_2', group: 'n', state: -1 })), `${where}: one removal event per instance`);
      const statuses = step.filter((one) => one.header === 'process');
      assert.deepEqual(statuses.map((one) => [one.body['process_name'], one.body['statecode'], one.body['statename']]), [['n_2', -1, 'DELETED']], `${where}: only the DELETED status in the numprocs step`);
      assert.ok(step.filter((one) => one.header === 'application').length <= 3, `${where}: one application status per removal at most`);
    }

    // a lost node: FAILED, then STOPPED, on the others' streams
    await c.killNode(node3);
    const lost = (stream: Message[]): unknown[] => stream.filter((one) => one.header === 'instance' && one.body['identifier'] === node3.identifier).map((one) => one.body['statename']);
    await waitFor('node3 STOPPED', () => [streams[0], streams[1]].every((stream) => stream !== undefined && lost(stream).includes('STOPPED')), { timeoutMs: 30_000, intervalMs: 50 });
    for (const stream of [streams[0], streams[1]]) {
      const seen = lost(stream ?? []);
      const failedAt = seen.lastIndexOf('FAILED');
      assert.ok(failedAt >= 0 && seen.indexOf('STOPPED', failedAt) > failedAt, `FAILED then STOPPED: ${seen.join(', ')}`);
    }
  });
});
