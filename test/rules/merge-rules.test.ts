import assert from 'node:assert/strict';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import { programRulesFor } from '../../rules/resolve.js';
import type { ProgramRules } from '../../rules/types.js';
import { application, doc, finding, load } from './helpers.js';

function program(rules: ReturnType<typeof load>['rules'], applicationName: string, processName: string): ProgramRules {
  return programRulesFor(application(rules, applicationName), processName).rules;
}

function identifiersOf(rules: ProgramRules): Pick<ProgramRules, 'identifiers' | 'atIdentifiers' | 'hashIdentifiers'> {
  return { identifiers: rules.identifiers, atIdentifiers: rules.atIdentifiers, hashIdentifiers: rules.hashIdentifiers };
}

describe('rules merging', () => {
  describe('model references', () => {
    const xml = doc(`<model name="C"><expected_loading>9</expected_loading><wait_exit>true</wait_exit></model>
<model name="B"><reference>C</reference><identifiers>b1</identifiers><expected_loading>5</expected_loading><start_sequence>4</start_sequence></model>
<model name="A"><reference>B</reference><identifiers>a1</identifiers></model>
<application name="x"><programs>
  <program name="p"><reference>A</reference><start_sequence>1</start_sequence></program>
  <program name="q"><reference>B</reference></program>
  <program name="r"><reference>nope</reference><wait_exit>1</wait_exit></program>
  <program name="s"><reference>S</reference></program>
</programs></application>
<model name="S"><reference>S</reference><start_sequence>6</start_sequence></model>`);

    it('applies the models first, the deepest first, then the element itself', () => {
      const { rules } = load(xml);
      assert.deepEqual(program(rules, 'x', 'q'), {
        identifiers: ['b1'],
        atIdentifiers: [],
        hashIdentifiers: [],
        startSequence: 4,
        stopSequence: 4,
        required: false,
        waitExit: true,
        expectedLoading: 5,
        startingFailureStrategy: 'ABORT',
        runningFailureStrategy: 'CONTINUE',
      });
    });

    it('applies a program plus two chained models at most, with a warning', () => {
      const { rules, findings } = load(xml);
      const p = program(rules, 'x', 'p');
      assert.deepEqual([p.identifiers, p.startSequence, p.expectedLoading, p.waitExit], [['a1'], 1, 5, false]);
      assert.deepEqual(findings, [
        finding('error', 7, "application 'x': program 'p': maximum number 3 of references reached, model 'C' (via A -> B) ignored"),
        finding('error', 9, "application 'x': program 'r': unknown model 'nope' ignored"),
        finding('error', 10, "application 'x': program 's': maximum number 3 of references reached, model 'S' (via S -> S) ignored"),
      ]);
      assert.equal(program(rules, 'x', 'r').waitExit, true);
      assert.equal(program(rules, 'x', 's').startSequence, 6);
    });

    it('uses the last model of a name, across files', () => {
      const first = parseRulesFile(doc('<model name="m"><start_sequence>1</start_sequence></model>\n<application name="x"><programs><program name="p"><reference>m</reference></program></programs></application>'), 'one.xml');
      const second = parseRulesFile(doc('<model name="m"><start_sequence>2</start_sequence></model>'), 'two.xml');
      const merged = mergeRules([first.rules, second.rules]);
      assert.deepEqual(merged.findings, [{ level: 'warning', file: 'two.xml', line: 3, message: "model 'm' replaces the one of one.xml:3" }]);
      assert.equal(program(merged.rules, 'x', 'p').startSequence, 2);
    });
  });

  describe('aliases', () => {
    it('expands in declaration order: an alias naming a later alias is fully expanded', () => {
      const { rules } = load(
        doc(`<alias name="all_ok">servers</alias>
<alias name="servers">nick1</alias>
<application name="x"><programs><program name="p"><identifiers>all_ok</identifiers></program></programs></application>`),
      );
      assert.deepEqual(program(rules, 'x', 'p').identifiers, ['nick1']);
    });

    it('leaves an alias naming an earlier alias unexpanded (dropped as unknown at use time)', () => {
      const { rules } = load(
        doc(`<alias name="servers">nick1</alias>
<alias name="all_ok">servers</alias>
<application name="x"><programs><program name="p"><identifiers>all_ok</identifiers></program></programs></application>`),
      );
      assert.deepEqual(program(rules, 'x', 'p').identifiers, ['servers']);
    });

    it('replaces the first occurrence only, in place, then drops empty items and repeats', () => {
      const { rules } = load(
        doc(`<alias name="pair">n1, n2</alias>
<application name="x"><programs><program name="p"><identifiers>n0,pair,,n2,pair</identifiers></program></programs></application>`),
      );
      assert.deepEqual(program(rules, 'x', 'p').identifiers, ['n0', 'n1', 'n2', 'pair']);
    });

    it('lets a later file redefine an alias, keeping its place in the order', () => {
      const first = parseRulesFile(doc('<alias name="outer">inner,x</alias>\n<alias name="inner">a</alias>'), 'one.xml');
      const second = parseRulesFile(
        doc('<alias name="outer">inner,y</alias>\n<application name="x"><programs><program name="p"><identifiers>outer</identifiers></program></programs></application>'),
        'two.xml',
      );
      const merged = mergeRules([first.rules, second.rules]);
      assert.deepEqual(merged.findings, [
        { level: 'warning', file: 'two.xml', line: 3, message: "alias 'outer' redefines the one of one.xml:3 (keeping its place in the alias order)" },
      ]);
      assert.deepEqual(
        merged.rules.aliases.map((alias) => [alias.name, alias.items]),
        [
          ['outer', ['inner', 'y']],
          ['inner', ['a']],
        ],
      );
      assert.deepEqual(program(merged.rules, 'x', 'p').identifiers, ['a', 'y']);
    });
  });

  describe('identifier signs', () => {
    const xml = doc(`<alias name="spread">@,n1,n2</alias>
<application name="x">
<start_sequence>1</start_sequence>
<programs>
  <program pattern="a_"><identifiers>#</identifiers></program>
  <program pattern="b_"><identifiers>#, n2 ,*</identifiers></program>
  <program pattern="c_"><identifiers>#,n2,n1</identifiers></program>
  <program pattern="d_"><identifiers>spread</identifiers></program>
  <program pattern="e_"><identifiers>n1,#,@</identifiers></program>
  <program name="f"><identifiers>#,n1</identifiers></program>
  <program name="g" pattern="g_"><identifiers>@</identifiers></program>
  <program name="h"><identifiers>,</identifiers></program>
  <program name="i"><required>true</required></program>
</programs>
</application>`);

    it('separates `@` and `#` from the list, `*` or nothing meaning every instance', () => {
      const { rules } = load(xml);
      assert.deepEqual(identifiersOf(program(rules, 'x', 'a_1')), { identifiers: [], atIdentifiers: [], hashIdentifiers: ['*'] });
      assert.deepEqual(identifiersOf(program(rules, 'x', 'b_1')), { identifiers: [], atIdentifiers: [], hashIdentifiers: ['*'] });
      assert.deepEqual(identifiersOf(program(rules, 'x', 'c_1')), { identifiers: [], atIdentifiers: [], hashIdentifiers: ['n2', 'n1'] });
      assert.deepEqual(identifiersOf(program(rules, 'x', 'd_1')), { identifiers: [], atIdentifiers: ['n1', 'n2'], hashIdentifiers: [] });
      assert.deepEqual(identifiersOf(program(rules, 'x', 'e_1')), { identifiers: [], atIdentifiers: ['n1'], hashIdentifiers: [] });
      assert.deepEqual(identifiersOf(program(rules, 'x', 'g_1')), { identifiers: [], atIdentifiers: ['*'], hashIdentifiers: [] });
    });

    it('reports what a sign cannot do and fixes it as Supvisors does', () => {
      const { rules, findings } = load(xml);
      assert.deepEqual(findings, [
        finding('error', 11, "application 'x': program pattern 'e_' identifiers: both '@' and '#' given, '#' dropped"),
        finding('error', 12, "application 'x': program 'f' identifiers: '#' reset to '*' because the program is not selected by a pattern"),
        finding('error', 14, "application 'x': program 'h' identifiers: no name left, no instance is candidate"),
        finding('error', 15, "application 'x': program 'i': required forced to false because start_sequence is 0"),
      ]);
      assert.deepEqual(identifiersOf(program(rules, 'x', 'f')), { identifiers: ['*'], atIdentifiers: [], hashIdentifiers: [] });
      assert.deepEqual(program(rules, 'x', 'h').identifiers, []);
      assert.equal(program(rules, 'x', 'i').required, false);
    });

    it('resets the sign of an element selected by its name even when it also has a pattern', () => {
      const { rules } = load(xml);
      const byName = programRulesFor(application(rules, 'x'), 'g');
      assert.deepEqual([byName.selectedBy, byName.signReset], ['name', true]);
      assert.deepEqual(identifiersOf(byName.rules), { identifiers: ['*'], atIdentifiers: [], hashIdentifiers: [] });
    });

    it('supports `#` on applications only, `@` leaving them without candidate', () => {
      const { rules, findings } = load(
        doc(`<application name="hmi_2"><identifiers>#,c1,c2</identifiers></application>
<application name="hmi"><identifiers>#</identifiers></application>
<application pattern="tv_"><identifiers>#</identifiers></application>
<application name="at"><identifiers>@,c1</identifiers></application>`),
      );
      assert.deepEqual(findings, [
        finding('error', 4, "application 'hmi' identifiers: '#' needs a name ending with -N or _N (N >= 1): no instance is candidate and start_sequence is reset to 0 when it is resolved"),
        finding('error', 6, "application 'at' identifiers: '@' is not supported on applications, no instance is candidate"),
      ]);
      assert.deepEqual([application(rules, 'hmi_2').identifiers, application(rules, 'hmi_2').hashIdentifiers], [[], ['c1', 'c2']]);
      assert.deepEqual([application(rules, 'at').identifiers, application(rules, 'at').hashIdentifiers], [[], []]);
    });
  });

  describe('elements defined twice', () => {
    it('takes an application name from its first element, in file order', () => {
      const first = parseRulesFile(doc('<application name="a"><start_sequence>1</start_sequence></application>\n<application name="a"><start_sequence>2</start_sequence></application>'), 'one.xml');
      const second = parseRulesFile(doc('<application name="a"><start_sequence>3</start_sequence></application>'), 'two.xml');
      const merged = mergeRules([first.rules, second.rules]);
      assert.deepEqual(merged.findings, [
        { level: 'warning', file: 'one.xml', line: 4, message: "application 'a': already defined at one.xml:3, which is used for this name" },
        { level: 'warning', file: 'two.xml', line: 3, message: "application 'a': already defined at one.xml:3, which is used for this name" },
      ]);
      assert.equal(application(merged.rules, 'a').startSequence, 1);
    });

    it('keeps the first position of a pattern declared again, with the later element', () => {
      const { rules, findings } = load(
        doc(`<application pattern="web"><start_sequence>1</start_sequence></application>
<application pattern="db"><start_sequence>2</start_sequence></application>
<application pattern="web"><start_sequence>3</start_sequence></application>`),
      );
      assert.deepEqual(findings, [finding('warning', 5, "application pattern 'web': replaces the element of rules.xml:3 for this pattern")]);
      assert.deepEqual(
        rules.patternApplications.map((entry) => [entry.pattern, entry.rules.startSequence]),
        [
          ['web', 3],
          ['db', 2],
        ],
      );
    });

    it('applies the same rules to programs inside one application', () => {
      const { rules, findings } = load(
        doc(`<application name="a"><start_sequence>1</start_sequence><programs>
  <program name="p"><start_sequence>1</start_sequence></program>
  <program name="p"><start_sequence>2</start_sequence></program>
  <program pattern="q"><start_sequence>3</start_sequence></program>
  <program pattern="q"><start_sequence>4</start_sequence></program>
</programs></application>`),
      );
      assert.deepEqual(findings, [
        finding('warning', 5, "application 'a': program 'p': already defined at rules.xml:4, which is used for this name"),
        finding('warning', 7, "application 'a': program pattern 'q': replaces the element of rules.xml:6 for this pattern"),
      ]);
      assert.equal(program(rules, 'a', 'p').startSequence, 1);
      assert.equal(program(rules, 'a', 'q_1').startSequence, 4);
    });

    it('registers an element having both a name and a pattern under both', () => {
      const { rules } = load(doc('<application name="web_main" pattern="web_"><start_sequence>5</start_sequence></application>'));
      assert.deepEqual(rules.namedApplications.map((entry) => entry.name), ['web_main']);
      assert.deepEqual(rules.patternApplications.map((entry) => entry.pattern), ['web_']);
    });
  });
});
