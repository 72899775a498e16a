import assert from 'node:assert/strict';
import type { SynchroOption } from '../../config/types.js';
import { endOfSync, failureStrategySuggestion, SYNCHRO_TIMEOUT_MIN_MS, syncFailures, type SyncFacts, type SyncFailures } from '../../cluster/synchro.js';
import type { SupvisorsFailureStrategy } from '../../vocabulary/strategies.js';

const base: SyncFacts = {
  synchroOptions: [],
  stable: ['a', 'b'],
  initialIdentifiers: ['a', 'b', 'c'],
  knownIdentifiers: ['a', 'b', 'c', 'd'],
  coreIdentifiers: ['a'],
  startMs: 1000,
  nowMs: 1000 + 20_000,
  synchroTimeout: 15,
  masterIdentifier: '',
  masterRunning: false,
};

function verdict(options: SynchroOption[], overrides: Partial<SyncFacts> = {}): ReturnType<typeof endOfSync> {
  return endOfSync({ ...base, synchroOptions: options, ...overrides });
}

describe('cluster synchro', () => {
  describe('end-of-synchronization conditions (protocol.md §5)', () => {
    const table: [string, SynchroOption, Partial<SyncFacts>, boolean][] = [
      ['STRICT ends when all supvisors_list instances are stable RUNNING', 'STRICT', { stable: ['a', 'b', 'c'] }, true],
      ['STRICT waits while one supvisors_list instance is not stable RUNNING', 'STRICT', {}, false],
      ['STRICT ignores discovered instances', 'STRICT', { stable: ['c', 'b', 'a'] }, true],
      ['STRICT is never met with an empty supvisors_list (config.md §3.2 removes it)', 'STRICT', { initialIdentifiers: [], stable: ['a'] }, false],
      ['LIST ends when the stable RUNNING set has every known instance', 'LIST', { stable: ['a', 'b', 'c', 'd'] }, true],
      ['LIST waits while a known instance (ISOLATED counted) is missing', 'LIST', { stable: ['a', 'b', 'c'] }, false],
      ['LIST ends at once when only the local instance is known (discovery)', 'LIST', { stable: ['a'], knownIdentifiers: ['a'] }, true],
      ['TIMEOUT ends when now - start >= synchro_timeout', 'TIMEOUT', { nowMs: 1000 + 15_000 }, true],
      ['TIMEOUT waits before synchro_timeout', 'TIMEOUT', { nowMs: 1000 + 14_999 }, false],
      ['TIMEOUT with synchro_timeout 0 (0.19.1) ends at once', 'TIMEOUT', { synchroTimeout: 0, nowMs: 1000 }, true],
      ['TIMEOUT ignores instance states', 'TIMEOUT', { stable: [], nowMs: 1000 + 30_000 }, true],
      ['CORE ends when all core instances are stable RUNNING and uptime >= 15 s', 'CORE', { coreIdentifiers: ['a', 'b'] }, true],
      ['CORE waits for 15 s even when the core set is complete', 'CORE', { nowMs: 1000 + SYNCHRO_TIMEOUT_MIN_MS - 1 }, false],
      ['CORE waits while a core instance is missing', 'CORE', { coreIdentifiers: ['a', 'c'] }, false],
      ['CORE is never met without resolved core instances', 'CORE', { coreIdentifiers: [] }, false],
      ['CORE minimum uptime is a parameter', 'CORE', { nowMs: 1000 + 500, coreMinUptimeMs: 500 }, true],
      ['USER ends when a Master is set and seen RUNNING', 'USER', { masterIdentifier: 'b', masterRunning: true }, true],
      ['USER waits while the Master is not RUNNING', 'USER', { masterIdentifier: 'b', masterRunning: false }, false],
      ['USER waits without a Master', 'USER', {}, false],
    ];
    for (const [what, option, overrides, expected] of table) {
      it(`${what} (protocol.md §5)`, () => {
        const result = verdict([option], overrides);
        assert.equal(result.conditions[option], expected);
        assert.equal(result.ended, expected);
        assert.deepEqual(result.endedBy, expected ? [option] : []);
      });
    }

    it('leaves an option not set undefined (states.md §1.4)', () => {
      assert.deepEqual(verdict(['TIMEOUT']).conditions, { STRICT: undefined, LIST: undefined, TIMEOUT: true, CORE: undefined, USER: undefined });
    });

    it('ends when any set condition is true, listing them in option order (states.md §1.4)', () => {
      const result = verdict(['USER', 'CORE', 'STRICT', 'TIMEOUT'], { masterIdentifier: 'a', masterRunning: true });
      assert.equal(result.ended, true);
      assert.deepEqual(result.endedBy, ['TIMEOUT', 'CORE', 'USER']);
    });

    const degraded: [string, SynchroOption[], Partial<SyncFacts>, boolean][] = [
      ['STRICT unmet', ['STRICT', 'TIMEOUT'], {}, true],
      ['LIST unmet', ['LIST', 'TIMEOUT'], {}, true],
      ['a core instance missing', ['CORE'], { coreIdentifiers: ['c'] }, true],
      ['CORE complete but within its first 15 s', ['CORE'], { nowMs: 1000 }, true],
      ['CORE met', ['CORE'], {}, false],
      ['TIMEOUT and USER only', ['TIMEOUT', 'USER'], {}, false],
      ['STRICT, LIST, CORE all met', ['STRICT', 'LIST', 'CORE'], { stable: ['a', 'b', 'c', 'd'] }, false],
    ];
    for (const [what, options, overrides, expected] of degraded) {
      it(`degraded_mode is ${expected} with ${what}: a STRICT/LIST/CORE condition exactly false (states.md §1.4)`, () => {
        assert.equal(verdict(options, overrides).degradedMode, expected);
      });
    }

    it('lists the known instances not stable RUNNING; TIMEOUT leaves their state alone (protocol.md §5 [doc≠code])', () => {
      assert.deepEqual(verdict(['TIMEOUT']).pending, ['c', 'd']);
    });
  });

  describe('failures after synchronization (states.md §1.7)', () => {
    const facts = { stable: ['a', 'b'], initialIdentifiers: ['a', 'b', 'c'], knownIdentifiers: ['a', 'b', 'c', 'd'], coreIdentifiers: ['a'], lostInstances: [] as string[] };

    const table: [string, SynchroOption[], Partial<typeof facts>, Partial<SyncFailures>][] = [
      ['USER fails only when an instance is lost in this evaluation', ['USER'], { lostInstances: ['c'] }, { USER: true, decisive: true, degradedMode: false }],
      ['USER without loss is no failure', ['USER'], {}, { USER: false, decisive: false }],
      ['CORE fails when a core instance is not stable RUNNING', ['CORE'], { coreIdentifiers: ['a', 'c'] }, { CORE: true, decisive: true, degradedMode: true }],
      ['STRICT fails when a supvisors_list instance is not stable RUNNING', ['STRICT'], {}, { STRICT: true, decisive: true, degradedMode: true }],
      ['LIST fails when fewer are stable RUNNING than known', ['LIST'], {}, { LIST: true, decisive: true, degradedMode: true }],
      ['TIMEOUT alone decides nothing', ['TIMEOUT'], {}, { decisive: undefined, degradedMode: false }],
      ['USER prevails over CORE, STRICT, LIST', ['LIST', 'STRICT', 'CORE', 'USER'], {}, { decisive: false, degradedMode: true }],
      ['CORE prevails over STRICT and LIST', ['LIST', 'STRICT', 'CORE'], {}, { CORE: false, STRICT: true, LIST: true, decisive: false, degradedMode: true }],
      ['STRICT prevails over LIST', ['LIST', 'STRICT'], { stable: ['a', 'b', 'c'] }, { STRICT: false, LIST: true, decisive: false, degradedMode: true }],
    ];
    for (const [what, options, overrides, expected] of table) {
      it(`${what} (states.md §1.7)`, () => {
        const failures = syncFailures({ ...facts, ...overrides, synchroOptions: options });
        for (const [key, value] of Object.entries(expected)) assert.equal(failures[key as keyof SyncFailures], value, key);
      });
    }

    const strategies: [SupvisorsFailureStrategy, boolean | undefined, string | undefined][] = [
      ['RESYNC', true, 'SYNCHRONIZATION'],
      ['SHUTDOWN', true, 'SHUTTING_DOWN'],
      ['CONTINUE', true, undefined],
      ['RESYNC', false, undefined],
      ['SHUTDOWN', undefined, undefined],
    ];
    for (const [strategy, decisive, expected] of strategies) {
      it(`supvisors_failure_strategy ${strategy} with a decisive failure ${String(decisive)} suggests ${expected ?? 'nothing'} (states.md §1.7)`, () => {
        const failures: SyncFailures = { USER: undefined, CORE: undefined, STRICT: undefined, LIST: undefined, decisive, degradedMode: false };
        assert.equal(failureStrategySuggestion(failures, strategy), expected);
      });
    }
  });
});
