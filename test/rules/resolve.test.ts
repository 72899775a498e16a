import assert from 'node:assert/strict';
import {
  applicationRulesFor,
  assignSignedProcesses,
  defaultProgramRules,
  programRulesFor,
  resolveApplicationHash,
  resolveIdentifiers,
  unmanagedApplicationRules,
  type KnownInstance,
} from '../../rules/resolve.js';
import { application, doc, load } from './helpers.js';

const instances: KnownInstance[] = [
  { identifier: 'h1:60000', nickIdentifier: 'one', stereotypes: ['back'] },
  { identifier: 'h2:60000', nickIdentifier: 'two', stereotypes: ['front', 'back'] },
  { identifier: 'h3:60000', nickIdentifier: 'h3:60000', stereotypes: ['front'] },
  { identifier: 'h4:60000', nickIdentifier: 'four', stereotypes: [] },
];

describe('rules resolution', () => {
  describe('application lookup', () => {
    const { rules } = load(
      doc(`<application pattern="prg"><start_sequence>1</start_sequence></application>
<application pattern="prg_"><start_sequence>2</start_sequence></application>
<application pattern="_\\d+$"><start_sequence>3</start_sequence></application>
<application pattern="x_y"><start_sequence>4</start_sequence></application>
<application pattern="x.y"><start_sequence>5</start_sequence></application>
<application name="prg_00"><start_sequence>6</start_sequence></application>`),
    );

    it('selects the element of the exact name first', () => {
      assert.deepEqual([applicationRulesFor(rules, 'prg_00').rules.startSequence, applicationRulesFor(rules, 'prg_00').selectedBy], [6, 'name']);
    });

    it('else the pattern matching the longest text, searched anywhere in the name', () => {
      assert.deepEqual([applicationRulesFor(rules, 'prg_01').rules.startSequence, applicationRulesFor(rules, 'prg_01').selectedBy], [2, 'pattern']);
      assert.equal(applicationRulesFor(rules, 'my_prg').rules.startSequence, 1);
      assert.equal(applicationRulesFor(rules, 'app_1234').rules.startSequence, 3);
      assert.equal(applicationRulesFor(rules, 'myprg_1234').rules.startSequence, 3);
    });

    it('gives ties to the earliest pattern', () => {
      assert.equal(applicationRulesFor(rules, 'x_y').rules.startSequence, 4);
      assert.equal(applicationRulesFor(rules, 'x-y').rules.startSequence, 5);
    });

    it('leaves an application no element selects unmanaged', () => {
      const lookup = applicationRulesFor(rules, 'other', 'LOCAL');
      assert.deepEqual(lookup, { rules: unmanagedApplicationRules('LOCAL'), selectedBy: 'none' });
      assert.deepEqual(lookup.rules, {
        managed: false,
        distribution: 'ALL_INSTANCES',
        identifiers: ['*'],
        hashIdentifiers: [],
        startSequence: 0,
        stopSequence: 0,
        startingStrategy: 'LOCAL',
        startingFailureStrategy: 'ABORT',
        runningFailureStrategy: 'CONTINUE',
        statusFormulaText: '',
        namedPrograms: [],
        patternPrograms: [],
      });
    });
  });

  describe('program lookup', () => {
    const { rules } = load(
      doc(`<application name="a"><running_failure_strategy>STOP_APPLICATION</running_failure_strategy><programs>
  <program pattern=""><expected_loading>1</expected_loading></program>
  <program pattern="prg"><expected_loading>2</expected_loading></program>
  <program pattern="prg_"><expected_loading>3</expected_loading></program>
  <program name="prg_00"><expected_loading>4</expected_loading></program>
</programs></application>
<application name="b"/>`),
    );
    const a = application(rules, 'a');

    it('selects the exact process name first, then the best pattern', () => {
      assert.deepEqual([programRulesFor(a, 'prg_00').rules.expectedLoading, programRulesFor(a, 'prg_00').selectedBy], [4, 'name']);
      assert.deepEqual([programRulesFor(a, 'prg_01').rules.expectedLoading, programRulesFor(a, 'prg_01').selectedBy], [3, 'pattern']);
      assert.equal(programRulesFor(a, 'prgx').rules.expectedLoading, 2);
    });

    it('takes an empty pattern as a catch-all of length 0', () => {
      assert.equal(programRulesFor(a, 'other').rules.expectedLoading, 1);
    });

    it('gives defaults and the failure strategies of the application when nothing matches', () => {
      const b = application(rules, 'b');
      assert.deepEqual(programRulesFor(b, 'x'), { rules: defaultProgramRules(b), selectedBy: 'none', signReset: false });
      assert.equal(defaultProgramRules(a).runningFailureStrategy, 'STOP_APPLICATION');
    });
  });

  describe('identifiers', () => {
    it('maps identifiers, nicks and stereotypes in list order, `*` to every instance, repeats dropped', () => {
      assert.deepEqual(resolveIdentifiers(['two', 'h1:60000', 'front', 'one'], instances), { identifiers: ['h2:60000', 'h1:60000', 'h3:60000'], unknown: [] });
      assert.deepEqual(resolveIdentifiers(['four', '*'], instances), { identifiers: ['h4:60000', 'h1:60000', 'h2:60000', 'h3:60000'], unknown: [] });
      assert.deepEqual(resolveIdentifiers(['back'], instances), { identifiers: ['h1:60000', 'h2:60000'], unknown: [] });
    });

    it('prefers an identifier to a nick to a stereotype of the same name', () => {
      const clash: KnownInstance[] = [
        { identifier: 'a:1', nickIdentifier: 'x', stereotypes: ['b:1'] },
        { identifier: 'b:1', nickIdentifier: 'y', stereotypes: ['x'] },
      ];
      assert.deepEqual(resolveIdentifiers(['b:1', 'x'], clash).identifiers, ['b:1', 'a:1']);
    });

    it('drops unknown names (and alias names left unexpanded), returning them', () => {
      assert.deepEqual(resolveIdentifiers(['h9:60000', 'two', 'servers'], instances), { identifiers: ['h2:60000'], unknown: ['h9:60000', 'servers'] });
      assert.deepEqual(resolveIdentifiers([], instances), { identifiers: [], unknown: [] });
    });
  });

  describe('`@` and `#` on processes', () => {
    const reference = ['n1', 'n2', 'n3'];
    const fresh = (count: number): undefined[] => Array.from({ length: count }, () => undefined);

    it('`@` places one process per instance in process index order, excess processes unassigned', () => {
      assert.deepEqual(assignSignedProcesses('@', reference, fresh(2)), ['n1', 'n2']);
      assert.deepEqual(assignSignedProcesses('@', reference, fresh(5)), ['n1', 'n2', 'n3', undefined, undefined]);
    });

    it('`#` places processes round-robin, rolling over', () => {
      assert.deepEqual(assignSignedProcesses('#', reference, fresh(7)), ['n1', 'n2', 'n3', 'n1', 'n2', 'n3', 'n1']);
      assert.deepEqual(assignSignedProcesses('#', [], fresh(2)), [undefined, undefined]);
    });

    it('keeps earlier assignments and fills around them', () => {
      assert.deepEqual(assignSignedProcesses('@', reference, ['n2', undefined, undefined, undefined]), ['n2', 'n1', 'n3', undefined]);
      assert.deepEqual(assignSignedProcesses('#', reference, ['n1', 'n1', undefined, undefined, undefined]), ['n1', 'n1', 'n2', 'n3', 'n2']);
      assert.deepEqual(assignSignedProcesses('#', reference, ['gone', undefined]), ['gone', 'n1']);
    });
  });

  describe('`#` on applications', () => {
    const { rules } = load(
      doc(`<application pattern="hmi"><identifiers>#,four,front</identifiers><start_sequence>2</start_sequence></application>
<application pattern="all"><identifiers>#</identifiers><start_sequence>2</start_sequence></application>
<application pattern="none"><identifiers>#,ghost</identifiers><start_sequence>2</start_sequence></application>`),
    );
    const resolve = (name: string) => resolveApplicationHash(name, applicationRulesFor(rules, name).rules, instances);

    it('gives the application named ..._N the instance (N - 1) modulo the list', () => {
      assert.deepEqual(resolve('hmi_1').rules.identifiers, ['h4:60000']);
      assert.deepEqual(resolve('hmi-02').rules.identifiers, ['h2:60000']);
      assert.deepEqual(resolve('hmi_3').rules.identifiers, ['h3:60000']);
      assert.deepEqual(resolve('hmi_4').rules.identifiers, ['h4:60000']);
      assert.deepEqual(resolve('all_6').rules.identifiers, ['h2:60000']);
      assert.deepEqual(resolve('all_6').rules.hashIdentifiers, []);
      assert.equal(resolve('all_6').problem, undefined);
    });

    it('fails without a rank or an instance: no candidate, start_sequence reset to 0', () => {
      const table: [string, string][] = [
        ['hmi', "application hmi: '#' needs a name ending with -N or _N (N >= 1)"],
        ['hmi_0', "application hmi_0: '#' needs a name ending with -N or _N (N >= 1)"],
        ['none_1', 'application none_1: no known instance among ghost'],
      ];
      for (const [name, problem] of table) {
        const resolved = resolve(name);
        assert.equal(resolved.problem, problem);
        assert.deepEqual([resolved.rules.identifiers, resolved.rules.startSequence], [[], 0]);
      }
    });

    it('leaves an application without `#` as it is', () => {
      const plain = unmanagedApplicationRules();
      assert.deepEqual(resolveApplicationHash('x_1', plain, instances), { rules: plain });
    });
  });
});
