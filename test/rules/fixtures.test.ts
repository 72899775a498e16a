import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadRulesFiles } from '../../rules/load-rules.js';
import { applicationRulesFor, programRulesFor } from '../../rules/resolve.js';
import type { ApplicationRules, ProgramRules, RuleSet } from '../../rules/types.js';

const fixtures = '/work/shared/fixtures/supvisors-0.19';

function app(rules: RuleSet, name: string): ApplicationRules {
  const lookup = applicationRulesFor(rules, name);
  assert.equal(lookup.broken, undefined);
  return lookup.rules;
}

function prog(rules: RuleSet, applicationName: string, processName: string): ProgramRules {
  return programRulesFor(app(rules, applicationName), processName).rules;
}

const programDefaults: Record<string, unknown> = { identifiers: ['*'], atIdentifiers: [], hashIdentifiers: [], required: false, waitExit: false, expectedLoading: 0 };

/** The rules without the fields left to their defaults (sequences and strategies always kept). */
function pick(rules: ProgramRules): Partial<ProgramRules> {
  return Object.fromEntries(Object.entries(rules).filter(([key, value]) => !isDeepStrictEqual(value, programDefaults[key])));
}

describe('rules of the Python Supvisors 0.19 fixtures', () => {
  describe('test-etc/my_movies.xml', () => {
    const { rules, findings } = loadRulesFiles([join(fixtures, 'test-etc/my_movies.xml')]);

    it('loads without any finding', () => {
      assert.deepEqual(findings, []);
      assert.deepEqual(rules.files, [join(fixtures, 'test-etc/my_movies.xml')]);
      assert.deepEqual(rules.broken, []);
    });

    it('holds the two aliases', () => {
      assert.deepEqual(
        rules.aliases.map((alias) => [alias.name, alias.items, alias.line]),
        [
          ['distribute_sublist', ['@', 'supv02:60000', 'supv-03', 'rocky54'], 5],
          ['consoles', ['supv02:60000', 'supv-01'], 6],
        ],
      );
    });

    it('import_database: STOP on starting failure, `@` from an alias on mount_disk processes', () => {
      const importDatabase = app(rules, 'import_database');
      assert.deepEqual([importDatabase.startSequence, importDatabase.stopSequence, importDatabase.startingFailureStrategy, importDatabase.statusFormulaText], [2, 2, 'STOP', "all('.*')"]);
      assert.deepEqual(pick(prog(rules, 'import_database', 'mount_disk_00')), {
        atIdentifiers: ['supv02:60000', 'supv-03', 'rocky54'],
        identifiers: [],
        startSequence: 1,
        stopSequence: 1,
        required: true,
        startingFailureStrategy: 'STOP',
        runningFailureStrategy: 'CONTINUE',
      });
      assert.deepEqual(pick(prog(rules, 'import_database', 'copy_error')), {
        identifiers: ['supv-01'],
        startSequence: 2,
        stopSequence: 2,
        required: true,
        waitExit: true,
        expectedLoading: 25,
        startingFailureStrategy: 'STOP',
        runningFailureStrategy: 'CONTINUE',
      });
    });

    it('database: a formula and `#` programs', () => {
      const database = app(rules, 'database');
      assert.equal(database.startSequence, 3);
      assert.deepEqual(database.statusFormula, {
        kind: 'and',
        operands: [
          { kind: 'all', operand: { kind: 'process', text: 'register.*' } },
          { kind: 'any', operand: { kind: 'process', text: 'movie.*' } },
        ],
      });
      const movie = prog(rules, 'database', 'movie_server_01');
      assert.deepEqual([movie.identifiers, movie.hashIdentifiers, movie.startSequence, movie.expectedLoading], [[], ['*'], 1, 5]);
      const register = prog(rules, 'database', 'register_movies_02');
      assert.deepEqual([register.hashIdentifiers, register.startSequence, register.waitExit, register.expectedLoading], [['supv-01', 'supv-03'], 2, true, 25]);
    });

    it('my_movies: named programs, aliases, models and patterns', () => {
      const myMovies = app(rules, 'my_movies');
      assert.deepEqual([myMovies.startSequence, myMovies.stopSequence, myMovies.startingStrategy, myMovies.startingFailureStrategy], [4, 4, 'CONFIG', 'CONTINUE']);
      assert.deepEqual(pick(prog(rules, 'my_movies', 'manager')), {
        startSequence: 1,
        stopSequence: 3,
        required: true,
        expectedLoading: 5,
        startingFailureStrategy: 'CONTINUE',
        runningFailureStrategy: 'RESTART_APPLICATION',
      });
      assert.deepEqual(prog(rules, 'my_movies', 'web_server').identifiers, ['supv04']);
      const hmi = prog(rules, 'my_movies', 'hmi');
      assert.deepEqual([hmi.identifiers, hmi.startSequence, hmi.stopSequence, hmi.expectedLoading, hmi.runningFailureStrategy], [['supv02:60000', 'supv-01'], 3, 1, 10, 'STOP_APPLICATION']);
      const errorDisk = prog(rules, 'my_movies', 'error_disk_reader');
      assert.deepEqual([errorDisk.identifiers, errorDisk.expectedLoading], [['*'], 5]);
      assert.deepEqual([prog(rules, 'my_movies', 'disk_01_x').identifiers, prog(rules, 'my_movies', 'disk_01_x').expectedLoading], [['supv-01'], 5]);
      assert.deepEqual([prog(rules, 'my_movies', 'disk_02_x').identifiers, prog(rules, 'my_movies', 'disk_02_x').expectedLoading], [['supv02:60000'], 5]);
      assert.deepEqual(prog(rules, 'my_movies', 'disk_03_x').identifiers, ['third']);
      assert.deepEqual([prog(rules, 'my_movies', 'converter_04').identifiers, prog(rules, 'my_movies', 'converter_04').expectedLoading], [['supv-03', 'supv-01'], 20]);
      assert.deepEqual(prog(rules, 'my_movies', 'converter_07').identifiers, ['supv02:60000']);
      assert.deepEqual(pick(prog(rules, 'my_movies', 'converter_00')), { expectedLoading: 20, startSequence: 0, stopSequence: 0, startingFailureStrategy: 'CONTINUE', runningFailureStrategy: 'CONTINUE' });
      assert.equal(prog(rules, 'my_movies', 'converter_14').runningFailureStrategy, 'RESTART');
      assert.equal(programRulesFor(myMovies, 'restart_process').selectedBy, 'none');
    });

    it('player: SINGLE_INSTANCE on two instances, MOST_LOADED', () => {
      const player = app(rules, 'player');
      assert.deepEqual(
        [player.distribution, player.identifiers, player.startSequence, player.startingStrategy, player.startingFailureStrategy],
        ['SINGLE_INSTANCE', ['supv-01', 'supv-03'], 5, 'MOST_LOADED', 'ABORT'],
      );
      assert.deepEqual(pick(prog(rules, 'player', 'test_reader')), {
        startSequence: 1,
        stopSequence: 1,
        required: true,
        waitExit: true,
        expectedLoading: 2,
        startingFailureStrategy: 'ABORT',
        runningFailureStrategy: 'CONTINUE',
      });
      assert.deepEqual([prog(rules, 'player', 'movie_player').startSequence, prog(rules, 'player', 'movie_player').expectedLoading], [2, 13]);
    });

    it('web_movies by the pattern web_, disk_reader_81 by name, others unmanaged', () => {
      const lookup = applicationRulesFor(rules, 'web_movies');
      assert.equal(lookup.selectedBy, 'pattern');
      assert.deepEqual([lookup.rules.startSequence, lookup.rules.stopSequence, lookup.rules.startingStrategy], [6, 2, 'LESS_LOADED_NODE']);
      const browser = prog(rules, 'web_movies', 'web_browser');
      assert.deepEqual([browser.identifiers, browser.startSequence, browser.expectedLoading, browser.runningFailureStrategy], [['*'], 1, 4, 'RESTART_PROCESS']);
      assert.deepEqual([app(rules, 'disk_reader_81').startSequence, app(rules, 'disk_reader_81').stopSequence], [1, 1]);
      assert.equal(applicationRulesFor(rules, 'scen1').rules.managed, false);
    });
  });

  describe('test-etc/my_movies_test.xml and scenario_1 together', () => {
    const { rules, findings } = loadRulesFiles(['test-etc/my_movies_test.xml', 'scenario_1/etc/*.xml'], { cwd: fixtures });

    it('loads both, sorted, without any finding', () => {
      assert.deepEqual(findings, []);
      assert.deepEqual(rules.files, [join(fixtures, 'scenario_1/etc/supvisors_rules.xml'), join(fixtures, 'test-etc/my_movies_test.xml')]);
    });

    it('test: an explicit stop_sequence 0, an empty pattern catching every other process', () => {
      assert.deepEqual([app(rules, 'test').startSequence, app(rules, 'test').stopSequence], [1, 0]);
      assert.deepEqual(pick(prog(rules, 'test', 'check_start_sequence')), { identifiers: ['supv-01'], startSequence: 1, stopSequence: 1, startingFailureStrategy: 'ABORT', runningFailureStrategy: 'CONTINUE' });
      const other = programRulesFor(app(rules, 'test'), 'anything');
      assert.deepEqual([other.selectedBy, other.rules.identifiers, other.rules.startSequence], ['pattern', ['supv-01'], 0]);
    });

    it('scen1: a model through the catch-all pattern, overridden for wait_nfs_mount', () => {
      assert.deepEqual([app(rules, 'scen1').startSequence, app(rules, 'scen1').startingFailureStrategy], [1, 'CONTINUE']);
      assert.deepEqual(pick(prog(rules, 'scen1', 'scen1_hci')), { startSequence: 2, stopSequence: 2, required: true, expectedLoading: 2, startingFailureStrategy: 'CONTINUE', runningFailureStrategy: 'CONTINUE' });
      assert.deepEqual(pick(prog(rules, 'scen1', 'scen1_wait_nfs_mount_2')), {
        startSequence: 1,
        stopSequence: 1,
        required: true,
        waitExit: true,
        expectedLoading: 2,
        startingFailureStrategy: 'CONTINUE',
        runningFailureStrategy: 'CONTINUE',
      });
    });
  });
});
