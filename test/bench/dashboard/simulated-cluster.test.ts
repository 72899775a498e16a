import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import { SimulatedCluster } from '../../../bench/dashboard/simulated-cluster.js';
import { contracts } from '../../../contract/index.js';
import { decodeFrame } from '../../../dashboard/model/frames.js';
import { encodeEvent } from '../../../events/json.js';

const shape = { instances: 3, applications: 4, programsPerApplication: 5 };

describe('bench:dashboard simulated cluster', () => {
  it('spreads the programs of every application over the instances, all RUNNING', () => {
    const cluster = new SimulatedCluster(shape);
    assert.equal(cluster.processes.length, 20);
    assert.deepEqual(new Set(cluster.processes.map((process) => process.identifier)), new Set(cluster.identifiers));
    assert.ok(cluster.processes.every((process) => cluster.stateOf(process.namespec) === 'RUNNING'));
    assert.deepEqual(cluster.applicationStatus('app_00'), { state: 'RUNNING', minorFailure: false });
  });

  it('answers the snapshot methods with results of their contract schemas', () => {
    const cluster = new SimulatedCluster(shape);
    cluster.flip('app_01:prog_02');
    const answers = [
      ['supvisors.get_supvisors_state', cluster.supvisorsState()],
      ['supvisors.get_all_instances_info', cluster.instancesInfo()],
      ['supvisors.get_all_applications_info', cluster.applicationsInfo()],
      ['supvisors.get_all_process_info', cluster.processesInfo()],
      ['supvisors.get_all_inner_process_info', cluster.innerProcessesInfo(cluster.identifiers[0] ?? '')],
    ] as const;
    for (const [name, answer] of answers) assert.ok(Value.Check(contracts[name].result, answer), `${name}: ${[...Value.Errors(contracts[name].result, answer)].map((error) => `${error.path} ${error.message}`).join('; ')}`);
  });

  it('publishes a change as a node does: event, process, application, each a frame the page decodes', () => {
    const cluster = new SimulatedCluster(shape);
    const events = cluster.flip('app_01:prog_02');
    assert.deepEqual(
      events.map((event) => event.header),
      ['event', 'process', 'application'],
    );
    const [event, status, application] = events.map((published) => decodeFrame(encodeEvent(published.header, published.body).text));
    assert.equal(event?.body['state'], 0);
    assert.equal(event?.body['group'], 'app_01');
    assert.equal(event?.body['name'], 'prog_02');
    assert.deepEqual(status?.body['identifiers'], []);
    assert.equal(status?.body['statename'], 'STOPPED');
    assert.equal(application?.body['statename'], 'RUNNING');
    assert.equal(application?.body['minor_failure'], true);
    cluster.flip('app_01:prog_02');
    assert.deepEqual(cluster.applicationStatus('app_01'), { state: 'RUNNING', minorFailure: false });
  });

  it('says STOPPED once every process of an application is stopped', () => {
    const cluster = new SimulatedCluster(shape);
    for (const process of cluster.processesOf('app_03')) cluster.flip(process.namespec);
    assert.deepEqual(cluster.applicationStatus('app_03'), { state: 'STOPPED', minorFailure: false });
  });
});
