import assert from 'node:assert/strict';
import { distributeApplication, planApplicationStart, startGroup, type DistributedProcess, type PlannedProcess, type StartCommand } from '../../strategies/distribution.js';
import { builtinStartingStrategies, type PlacementStrategy } from '../../strategies/placement.js';
import { allInstances, placementContext } from './fixtures.js';
import type { StartingStrategy } from '../../vocabulary/strategies.js';

function builtin(name: StartingStrategy): PlacementStrategy {
  const strategy = builtinStartingStrategies.get(name);
  assert.ok(strategy, name);
  return strategy;
}

const everywhere = new Map(allInstances.map((identifier) => [identifier, { disabled: false }]));

function process(namespec: string, startSequence: number, expectedLoading: number, configurations = everywhere): DistributedProcess {
  return { namespec, startSequence, expectedLoading, configurations };
}

const commandsOf = (processes: readonly DistributedProcess[]): { namespec: string; expectedLoading: number }[] =>
  processes.filter((item) => item.startSequence > 0).map(({ namespec, expectedLoading }) => ({ namespec, expectedLoading }));

describe('distribution (strategies.md §4)', () => {
  describe('SINGLE_INSTANCE', () => {
    const processes = [process('app:p1', 1, 20), process('app:p2', 2, 30), process('app:p0', 0, 50)];

    it('checks the load of the sequenced processes on one instance and targets every command there', () => {
      // application load 50 (p0 is not sequenced): node M1 at 60 cannot take it
      const context = placementContext({ loads: { a1: 60 } });
      const result = distributeApplication(builtin('CONFIG'), { distribution: 'SINGLE_INSTANCE', identifiers: allInstances, processes }, commandsOf(processes), context);
      assert.deepEqual(result.identifiers, ['b1']);
      assert.deepEqual([...result.targets], [['app:p1', 'b1'], ['app:p2', 'b1']]);
    });

    it('takes its candidates where every process is configured, sequence 0 included', () => {
      const limited = [...processes.slice(0, 2), process('app:p0', 0, 50, new Map([['c1', { disabled: false }]]))];
      const result = distributeApplication(builtin('CONFIG'), { distribution: 'SINGLE_INSTANCE', identifiers: allInstances, processes: limited }, commandsOf(limited), placementContext());
      assert.deepEqual(result.identifiers, ['c1']);
    });

    it('leaves every command without target when no instance can take the whole application', () => {
      const context = placementContext({ loads: { a1: 60, b1: 60, c1: 60 } });
      const result = distributeApplication(builtin('LESS_LOADED'), { distribution: 'SINGLE_INSTANCE', identifiers: allInstances, processes }, commandsOf(processes), context);
      assert.deepEqual(result.identifiers, []);
      assert.deepEqual([...result.targets], [['app:p1', null], ['app:p2', null]]);
    });
  });

  describe('SINGLE_NODE', () => {
    const processes = [process('app:p1', 1, 20), process('app:p2', 2, 30)];
    const context = placementContext({ loads: { a1: 60, b1: 10, c1: 30 } });

    it('chooses the node for the whole load, then each process among its instances with unchanged pending loads', () => {
      // node M2 (10) is the least loaded able to take 50; b2 is its least loaded instance for both
      // processes, because the first choice does not update the pending loads of the second
      const result = distributeApplication(builtin('LESS_LOADED_NODE'), { distribution: 'SINGLE_NODE', identifiers: allInstances, processes }, commandsOf(processes), context);
      assert.deepEqual(result.identifiers, ['b1', 'b2']);
      assert.deepEqual([...result.targets], [['app:p1', 'b2'], ['app:p2', 'b2']]);
    });

    it('keeps the rule order in the job instance list', () => {
      const result = distributeApplication(builtin('LESS_LOADED_NODE'), { distribution: 'SINGLE_NODE', identifiers: ['c1', 'b2', 'b1'], processes }, commandsOf(processes), context);
      assert.deepEqual(result.identifiers, ['b2', 'b1']);
    });

    it('only places on RUNNING instances of the node', () => {
      const partial = placementContext({ loads: { a1: 60, b1: 10, c1: 30 }, running: ['a1', 'a2', 'b1', 'c1'] });
      const result = distributeApplication(builtin('LESS_LOADED_NODE'), { distribution: 'SINGLE_NODE', identifiers: allInstances, processes }, commandsOf(processes), partial);
      assert.deepEqual(result.identifiers, ['b1', 'b2']);
      assert.deepEqual([...result.targets], [['app:p1', 'b1'], ['app:p2', 'b1']]);
    });

    it('leaves every command without target when no node can take the whole application', () => {
      const full = placementContext({ loads: { a1: 60, b1: 60, c1: 60 } });
      const result = distributeApplication(builtin('CONFIG'), { distribution: 'SINGLE_NODE', identifiers: allInstances, processes }, commandsOf(processes), full);
      assert.deepEqual(result.identifiers, []);
      assert.deepEqual([...result.targets], [['app:p1', null], ['app:p2', null]]);
    });
  });

  describe('startGroup (one rank, strategies.md §6.4)', () => {
    const lessLoaded = builtin('LESS_LOADED');
    const command = (namespec: string, extra: Partial<StartCommand> = {}): StartCommand => ({ namespec, expectedLoading: 30, strategy: lessLoaded, candidates: ['a1', 'b1'], target: null, stopped: true, ...extra });

    it('ALL_INSTANCES: each placement weighs on the next one of the same rank', () => {
      const outcome = startGroup('ALL_INSTANCES', [command('app:x'), command('app:y'), command('app:z')], placementContext());
      assert.deepEqual(outcome.decisions, [
        { kind: 'start', namespec: 'app:x', target: 'a1' },
        { kind: 'start', namespec: 'app:y', target: 'b1' },
        { kind: 'start', namespec: 'app:z', target: 'a1' },
      ]);
      assert.deepEqual([...outcome.pendingLoads], [['a1', 60], ['b1', 30]]);
    });

    it('ALL_INSTANCES: each command uses its own strategy and candidates', () => {
      const outcome = startGroup('ALL_INSTANCES', [command('app:x', { strategy: builtin('LOCAL'), candidates: ['b1', 'a1'] }), command('app:y', { candidates: ['c1'] })], placementContext({ loads: { a1: 50 } }));
      assert.deepEqual(outcome.decisions, [
        { kind: 'start', namespec: 'app:x', target: 'a1' },
        { kind: 'start', namespec: 'app:y', target: 'c1' },
      ]);
    });

    it('skips processes that are not STOPPED-like, and reports no resource', () => {
      const outcome = startGroup('ALL_INSTANCES', [command('app:x', { stopped: false }), command('app:y', { candidates: [] }), command('app:z', { expectedLoading: 101 })], placementContext());
      assert.deepEqual(outcome.decisions, [
        { kind: 'skip', namespec: 'app:x' },
        { kind: 'no-resource', namespec: 'app:y' },
        { kind: 'no-resource', namespec: 'app:z' },
      ]);
      assert.deepEqual([...outcome.pendingLoads], []);
    });

    it('non-distributed: uses the target chosen beforehand, none meaning no resource', () => {
      const outcome = startGroup('SINGLE_INSTANCE', [command('app:x', { target: 'c1' }), command('app:y'), command('app:z', { target: 'c1', stopped: false })], placementContext());
      assert.deepEqual(outcome.decisions, [
        { kind: 'start', namespec: 'app:x', target: 'c1' },
        { kind: 'no-resource', namespec: 'app:y' },
        { kind: 'skip', namespec: 'app:z' },
      ]);
    });
  });

  describe('planApplicationStart', () => {
    const planned = (namespec: string, startSequence: number, extra: Partial<PlannedProcess> = {}): PlannedProcess => ({
      ...process(namespec, startSequence, 40),
      identifiers: ['a1', 'b1'],
      required: false,
      startingFailureStrategy: 'ABORT',
      stopped: true,
      ...extra,
    });

    it('ALL_INSTANCES: ranks in order, sequence 0 left out, pending loads carried from rank to rank', () => {
      const plan = planApplicationStart(
        { distribution: 'ALL_INSTANCES', identifiers: allInstances, processes: [planned('app:late', 2), planned('app:first', 1), planned('app:manual', 0), planned('app:up', 1, { stopped: false })] },
        builtin('LESS_LOADED'),
        placementContext(),
      );
      assert.deepEqual(plan, {
        stages: [
          [
            { kind: 'start', namespec: 'app:first', target: 'a1' },
            { kind: 'skip', namespec: 'app:up' },
          ],
          [{ kind: 'start', namespec: 'app:late', target: 'b1' }],
        ],
        aborted: false,
        stopRequest: false,
      });
    });

    const failureTable = [
      { title: 'a required process with ABORT drops the later ranks', extra: { required: true, startingFailureStrategy: 'ABORT' }, stages: 1, aborted: true, stopRequest: false },
      { title: 'a required process with STOP drops the later ranks and requests the stop', extra: { required: true, startingFailureStrategy: 'STOP' }, stages: 1, aborted: true, stopRequest: true },
      { title: 'a required process with CONTINUE goes on', extra: { required: true, startingFailureStrategy: 'CONTINUE' }, stages: 2, aborted: false, stopRequest: false },
      { title: 'an optional process goes on whatever its strategy', extra: { required: false, startingFailureStrategy: 'STOP' }, stages: 2, aborted: false, stopRequest: false },
    ] as const;
    for (const row of failureTable) {
      it(`no resource: ${row.title}`, () => {
        const plan = planApplicationStart(
          { distribution: 'ALL_INSTANCES', identifiers: allInstances, processes: [planned('app:big', 1, { expectedLoading: 101, ...row.extra }), planned('app:small', 1), planned('app:next', 2)] },
          builtin('CONFIG'),
          placementContext(),
        );
        assert.equal(plan.stages.length, row.stages);
        assert.deepEqual(plan.stages[0], [
          { kind: 'no-resource', namespec: 'app:big' },
          { kind: 'start', namespec: 'app:small', target: 'a1' },
        ]);
        assert.equal(plan.aborted, row.aborted);
        assert.equal(plan.stopRequest, row.stopRequest);
      });
    }

    it('SINGLE_INSTANCE: every rank on the instance chosen for the whole application', () => {
      const plan = planApplicationStart(
        { distribution: 'SINGLE_INSTANCE', identifiers: ['c1', 'a1'], processes: [planned('app:x', 1), planned('app:y', 2, { identifiers: ['a1'] })] },
        builtin('CONFIG'),
        placementContext({ loads: { c1: 30 } }),
      );
      // program identifiers are ignored; 80 does not fit on c1 (30), so a1
      assert.deepEqual(plan.stages, [[{ kind: 'start', namespec: 'app:x', target: 'a1' }], [{ kind: 'start', namespec: 'app:y', target: 'a1' }]]);
    });

    it('SINGLE_NODE: no node for the whole application means no resource for each process', () => {
      const plan = planApplicationStart(
        { distribution: 'SINGLE_NODE', identifiers: allInstances, processes: [planned('app:x', 1, { expectedLoading: 60 }), planned('app:y', 2, { expectedLoading: 60 })] },
        builtin('CONFIG'),
        placementContext(),
      );
      assert.deepEqual(plan.stages, [[{ kind: 'no-resource', namespec: 'app:x' }], [{ kind: 'no-resource', namespec: 'app:y' }]]);
    });
  });
});
