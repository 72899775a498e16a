import assert from 'node:assert/strict';
import { parseRulesFile } from '../../rules/parse-rules.js';
import { applicationRulesFor, programRulesFor } from '../../rules/resolve.js';
import type { ApplicationRules, ProgramRules, RulesFinding } from '../../rules/types.js';
import { application, doc, file, finding, load } from './helpers.js';

const programDefaults: ProgramRules = {
  identifiers: ['*'],
  atIdentifiers: [],
  hashIdentifiers: [],
  startSequence: 0,
  stopSequence: 0,
  required: false,
  waitExit: false,
  expectedLoading: 0,
  startingFailureStrategy: 'ABORT',
  runningFailureStrategy: 'CONTINUE',
};

const applicationDefaults: ApplicationRules = {
  managed: true,
  distribution: 'ALL_INSTANCES',
  identifiers: ['*'],
  hashIdentifiers: [],
  startSequence: 0,
  stopSequence: 0,
  startingStrategy: 'CONFIG',
  startingFailureStrategy: 'ABORT',
  runningFailureStrategy: 'CONTINUE',
  statusFormulaText: '',
  namedPrograms: [],
  patternPrograms: [],
};

/** The rules of program `p` of application `a` in a document made of one application body. */
function programOf(programBody: string): { rules: ProgramRules; findings: ReturnType<typeof load>['findings'] } {
  const loaded = load(doc(`<application name="a"><programs>\n<program name="p">\n${programBody}\n</program>\n</programs></application>`));
  const entry = application(loaded.rules, 'a').namedPrograms[0];
  assert.ok(entry);
  return { rules: entry.rules, findings: loaded.findings };
}

/** The rules of application `a` whose children are `body` (written from line 4). */
function applicationOf(body: string): { rules: ApplicationRules; findings: ReturnType<typeof load>['findings'] } {
  const loaded = load(doc(`<application name="a">\n${body}\n</application>`));
  return { rules: application(loaded.rules, 'a'), findings: loaded.findings };
}

describe('rules parsing', () => {
  describe('defaults', () => {
    it('gives an application element with no child every default', () => {
      const { rules, findings } = applicationOf('');
      assert.deepEqual(findings, []);
      assert.deepEqual(rules, applicationDefaults);
    });

    it('takes the starting_strategy option as the default of applications', () => {
      const loaded = load(doc('<application name="a"/>'), { startingStrategy: 'LESS_LOADED' });
      assert.equal(application(loaded.rules, 'a').startingStrategy, 'LESS_LOADED');
    });

    it('gives a program element with no child every default, failure strategies from its application', () => {
      const loaded = load(
        doc(`<application name="a">
  <starting_failure_strategy>STOP</starting_failure_strategy>
  <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
  <programs><program name="p"/></programs>
</application>`),
      );
      assert.deepEqual(loaded.findings, []);
      assert.deepEqual(application(loaded.rules, 'a').namedPrograms, [
        { file, line: 6, name: 'p', rules: { ...programDefaults, startingFailureStrategy: 'STOP', runningFailureStrategy: 'RESTART_PROCESS' } },
      ]);
    });

    it('makes stop_sequence default to start_sequence', () => {
      assert.equal(applicationOf('<start_sequence>4</start_sequence>').rules.stopSequence, 4);
      assert.equal(applicationOf('<start_sequence>4</start_sequence><stop_sequence>0</stop_sequence>').rules.stopSequence, 0);
      assert.equal(programOf('<start_sequence>2</start_sequence>').rules.stopSequence, 2);
    });

    it('treats an empty element as absent', () => {
      const { rules, findings } = programOf('<start_sequence></start_sequence><required/><identifiers></identifiers><reference/>');
      assert.deepEqual(findings, []);
      assert.deepEqual(rules, programDefaults);
    });
  });

  describe('every element', () => {
    it('reads each application element', () => {
      const { rules, findings } = applicationOf(`<distribution>SINGLE_NODE</distribution>
<identifiers>n1, n2:60000 ,*</identifiers>
<start_sequence>3</start_sequence>
<stop_sequence>5</stop_sequence>
<starting_strategy>MOST_LOADED_NODE</starting_strategy>
<starting_failure_strategy>CONTINUE</starting_failure_strategy>
<running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>
<operational_status>any('x_.*')</operational_status>`);
      assert.deepEqual(findings, []);
      assert.deepEqual(rules, {
        ...applicationDefaults,
        distribution: 'SINGLE_NODE',
        identifiers: ['*'],
        startSequence: 3,
        stopSequence: 5,
        startingStrategy: 'MOST_LOADED_NODE',
        startingFailureStrategy: 'CONTINUE',
        runningFailureStrategy: 'RESTART_APPLICATION',
        statusFormulaText: "any('x_.*')",
        statusFormula: { kind: 'any', operand: { kind: 'process', text: 'x_.*' } },
      });
    });

    it('reads each program element', () => {
      const { rules, findings } = programOf(`<identifiers>n2, n1 ,n2</identifiers>
<start_sequence>2</start_sequence>
<stop_sequence>7</stop_sequence>
<required>yes</required>
<wait_exit>On</wait_exit>
<expected_loading>30</expected_loading>
<starting_failure_strategy>STOP</starting_failure_strategy>
<running_failure_strategy>SHUTDOWN</running_failure_strategy>`);
      assert.deepEqual(findings, []);
      assert.deepEqual(rules, {
        identifiers: ['n2', 'n1'],
        atIdentifiers: [],
        hashIdentifiers: [],
        startSequence: 2,
        stopSequence: 7,
        required: true,
        waitExit: true,
        expectedLoading: 30,
        startingFailureStrategy: 'STOP',
        runningFailureStrategy: 'SHUTDOWN',
      });
    });

    it('accepts every built-in enumeration name', () => {
      for (const name of ['ALL_INSTANCES', 'SINGLE_INSTANCE', 'SINGLE_NODE']) assert.equal(applicationOf(`<distribution>${name}</distribution>`).rules.distribution, name);
      for (const name of ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']) {
        assert.equal(applicationOf(`<starting_strategy>${name}</starting_strategy>`).rules.startingStrategy, name);
      }
      for (const name of ['ABORT', 'CONTINUE', 'STOP']) assert.equal(programOf(`<starting_failure_strategy>${name}</starting_failure_strategy>`).rules.startingFailureStrategy, name);
      for (const name of ['CONTINUE', 'RESTART_PROCESS', 'STOP_APPLICATION', 'RESTART_APPLICATION', 'SHUTDOWN', 'RESTART']) {
        assert.equal(programOf(`<running_failure_strategy>${name}</running_failure_strategy>`).rules.runningFailureStrategy, name);
      }
    });

    it('accepts extra starting strategy names given by the caller (plugins), failure strategies only built in', () => {
      const xml = doc(`<application name="a">
<starting_strategy>ROUND_ROBIN</starting_strategy>
<starting_failure_strategy>RETRY</starting_failure_strategy>
</application>`);
      const loaded = load(xml, { extraStrategies: { starting: ['ROUND_ROBIN'] } });
      assert.deepEqual(loaded.findings.map((finding) => finding.message), ["application 'a' starting_failure_strategy: invalid value 'RETRY' (expected in [ABORT, STOP, CONTINUE]); ignored"]);
      const rules = application(loaded.rules, 'a');
      assert.deepEqual([rules.startingStrategy, rules.startingFailureStrategy], ['ROUND_ROBIN', 'ABORT']);
      assert.equal(load(xml).findings.length, 2);
    });
  });

  describe('rejected values keep the default, with an error naming file and line (one level for every value)', () => {
    const cases: [string, string, RulesFinding['level'], string][] = [
      ['start_sequence', 'x', 'error', "start_sequence: not an integer: 'x'; ignored"],
      ['start_sequence', '-2', 'error', 'start_sequence: invalid value -2 (expected integer >= 0); ignored'],
      ['stop_sequence', '1.0', 'error', "stop_sequence: not an integer: '1.0'; ignored"],
      ['required', 'maybe', 'error', "required: not a boolean-like: 'maybe' (expected one of y, yes, t, true, on, 1, n, no, f, false, off, 0); ignored"],
      ['wait_exit', 'si', 'error', "wait_exit: not a boolean-like: 'si' (expected one of y, yes, t, true, on, 1, n, no, f, false, off, 0); ignored"],
      ['expected_loading', '101', 'error', "expected_loading: invalid value '101' (expected integer in 0..100); ignored"],
      ['starting_failure_strategy', 'abort', 'error', "starting_failure_strategy: invalid value 'abort' (expected in [ABORT, STOP, CONTINUE]); ignored"],
      [
        'running_failure_strategy',
        'RESTART_ALL',
        'error',
        "running_failure_strategy: invalid value 'RESTART_ALL' (expected in [CONTINUE, RESTART_PROCESS, STOP_APPLICATION, RESTART_APPLICATION, SHUTDOWN, RESTART]); ignored",
      ],
    ];
    for (const [element, value, level, message] of cases) {
      it(`program ${element} = '${value}'`, () => {
        const { rules, findings } = programOf(`\n<${element}>${value}</${element}>`);
        assert.deepEqual(findings, [finding(level, 6, `application 'a': program 'p' ${message}`)]);
        assert.deepEqual(rules, programDefaults);
      });
    }

    it('application values', () => {
      const { rules, findings } = applicationOf(`<distribution>single_instance</distribution>
<start_sequence>-1</start_sequence>
<starting_strategy>NEAREST</starting_strategy>`);
      assert.deepEqual(findings, [
        finding('error', 4, "application 'a' distribution: invalid value 'single_instance' (expected in [ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE]); ignored"),
        finding('error', 5, "application 'a' start_sequence: invalid value -1 (expected integer >= 0); ignored"),
        finding('error', 6, "application 'a' starting_strategy: invalid value 'NEAREST' (expected in [CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE]); ignored"),
      ]);
      assert.deepEqual(rules, applicationDefaults);
    });

    it('an operational_status that does not parse is dropped (error)', () => {
      const { rules, findings } = applicationOf("<operational_status>all('a') or</operational_status>");
      assert.deepEqual(findings, [finding('error', 4, "application 'a' operational_status: incomplete expression; formula ignored (the required flags of the programs are used)")]);
      assert.equal(rules.statusFormulaText, '');
      assert.equal(rules.statusFormula, undefined);
    });

    it('an operational_status string that is no regular expression is kept with a warning', () => {
      const { rules, findings } = applicationOf("<operational_status>'prg[1'</operational_status>");
      assert.equal(findings.length, 1);
      assert.match(findings[0]?.message ?? '', /^application 'a' operational_status: 'prg\[1' is not a valid regular expression \(.*\): it can only name a process exactly$/);
      assert.equal(rules.statusFormulaText, "'prg[1'");
    });

    it('the rest of the file still loads', () => {
      const loaded = load(doc('<application name="a"><start_sequence>x</start_sequence></application>\n<application name="b"><start_sequence>2</start_sequence></application>'));
      assert.equal(loaded.findings.length, 1);
      assert.equal(application(loaded.rules, 'a').startSequence, 0);
      assert.equal(application(loaded.rules, 'b').startSequence, 2);
    });
  });

  describe('structure', () => {
    it('ignores unknown elements and attributes, and uses the first of repeated elements', () => {
      const loaded = load(
        doc(`<application name="a" priority="1">
  <start_sequense>3</start_sequense>
  <start_sequence>1</start_sequence>
  <start_sequence>2</start_sequence>
  <programs owner="me">
    <process name="x"/>
    <program name="p" other="y"><wait_exit>true</wait_exit><loading>3</loading></program>
  </programs>
</application>
<applications/>`),
      );
      assert.deepEqual(loaded.findings, [
        finding('warning', 3, "application: unknown attribute priority ignored (expected name or pattern)"),
        finding(
          'warning',
          4,
          "application 'a': unknown element <start_sequense> ignored (expected distribution, identifiers, start_sequence, stop_sequence, starting_strategy, starting_failure_strategy, running_failure_strategy, operational_status, programs)",
        ),
        finding('warning', 6, "application 'a': <start_sequence> repeated, the one of line 5 is used"),
        finding('warning', 7, "application 'a' programs: unknown attribute owner ignored (none expected)"),
        finding('warning', 8, "application 'a' programs: unknown element <process> ignored (expected program)"),
        finding('warning', 9, "application 'a': program: unknown attribute other ignored (expected name or pattern)"),
        finding(
          'warning',
          9,
          "application 'a': program 'p': unknown element <loading> ignored (expected reference, identifiers, start_sequence, stop_sequence, required, wait_exit, expected_loading, starting_failure_strategy, running_failure_strategy)",
        ),
        finding('warning', 12, 'unknown element <applications> ignored (expected alias, model or application)'),
      ]);
      const rules = application(loaded.rules, 'a');
      assert.equal(rules.startSequence, 1);
      assert.equal(rules.namedPrograms[0]?.rules.waitExit, true);
    });

    it('skips elements that can never be selected', () => {
      const loaded = load(
        doc(`<application><start_sequence>1</start_sequence></application>
<application name=""/>
<application name="a"><programs><program><start_sequence>1</start_sequence></program></programs></application>
<model pattern="m"/>
<alias>x,y</alias>
<alias name="empty"></alias>`),
      );
      assert.deepEqual(loaded.findings, [
        finding('warning', 3, 'application with neither name nor pattern ignored (it can never be selected)'),
        finding('warning', 4, 'application: an empty name matches nothing'),
        finding('warning', 4, 'application with neither name nor pattern ignored (it can never be selected)'),
        finding('warning', 5, "application 'a': program with neither name nor pattern ignored (it can never be selected)"),
        finding('warning', 6, 'model without name ignored (models are referenced by name)'),
        finding('warning', 7, 'alias without name ignored'),
        finding('warning', 8, "alias 'empty' is empty: ignored"),
      ]);
      assert.deepEqual(
        loaded.rules.namedApplications.map((entry) => entry.name),
        ['a'],
      );
      assert.deepEqual(application(loaded.rules, 'a').namedPrograms, []);
      assert.deepEqual(loaded.rules.aliases, []);
    });

    it('accepts another root name with a warning, as Python without lxml does', () => {
      const loaded = load('<rules>\n<application name="a"/>\n</rules>');
      assert.deepEqual(loaded.findings, [finding('warning', 1, 'the root element is <rules>, expected <root> (read anyway)')]);
      assert.equal(application(loaded.rules, 'a').managed, true);
    });

    it('decodes predefined entities and character references, never DOCTYPE entities', () => {
      const parsing = parseRulesFile(
        '<!DOCTYPE root [<!ENTITY big "lol">]>\n<root>\n<alias name="a&amp;b">x&#44;y,&#x7A;,&big;,&#1114112;</alias>\n<application pattern="&lt;web&gt;"/>\n</root>',
        file,
      );
      assert.deepEqual(parsing.findings, [
        finding('warning', 3, 'entity &big; kept as written (only the XML entities and valid character references are decoded)'),
        finding('warning', 3, 'entity &#1114112; kept as written (only the XML entities and valid character references are decoded)'),
      ]);
      assert.deepEqual(parsing.rules.aliases, [{ name: 'a&b', items: ['x', 'y', 'z', '&big;', '&#1114112;'], file, line: 3 }]);
      assert.equal(parsing.rules.applications[0]?.pattern, '<web>');
    });

    it('gives nothing for a file that is not well-formed XML, with the line of the problem', () => {
      const cases: [string, number, RegExp][] = [
        ['<root>\n<application name="a">\n</root>', 3, /^not well-formed XML: .*; no rule of this file is used$/],
        ['<root>\n  <alias name=x>a</alias>\n</root>', 2, /^not well-formed XML: /],
        ['', 1, /^not well-formed XML: /],
        ['<root/>\n<root/>', 2, /^not well-formed XML: a second root element <root> after <root>; no rule/],
        ['<root>\n<alias name="x">a & b</alias>\n</root>', 2, /^not well-formed XML: char '&' is not expected; no rule of this file is used$/],
      ];
      for (const [xml, line, message] of cases) {
        const parsing = parseRulesFile(xml, file);
        assert.equal(parsing.findings.length, 1, xml);
        assert.equal(parsing.findings[0]?.level, 'error');
        assert.equal(parsing.findings[0]?.line, line, xml);
        assert.match(parsing.findings[0]?.message ?? '', message);
        assert.deepEqual(parsing.rules, { file, aliases: [], models: [], applications: [] });
      }
    });

    it('keeps element text raw: blanks count', () => {
      const { rules, findings } = applicationOf('<starting_strategy> LOCAL</starting_strategy>');
      assert.equal(findings.length, 1);
      assert.equal(rules.startingStrategy, 'CONFIG');
    });
  });

  describe('broken applications', () => {
    it('an invalid application pattern: reported, never selected', () => {
      const loaded = load(doc('<application pattern="web_(">\n<start_sequence>1</start_sequence></application>'));
      assert.equal(loaded.findings.length, 1);
      assert.equal(loaded.findings[0]?.level, 'error');
      assert.equal(loaded.findings[0]?.line, 3);
      assert.match(loaded.findings[0]?.message ?? '', /^application pattern 'web_\(': invalid regular expression \(.*\); the application stays unmanaged$/);
      assert.equal(loaded.rules.broken.length, 1);
      assert.equal(loaded.rules.broken[0]?.pattern, 'web_(');
      assert.deepEqual(loaded.rules.patternApplications, []);
      assert.equal(applicationRulesFor(loaded.rules, 'web_(x').rules.managed, false);
    });

    it('an invalid program pattern: its application is listed broken and stays unmanaged', () => {
      const loaded = load(
        doc(`<application name="db">
<start_sequence>1</start_sequence>
<programs>
  <program pattern="*x"/>
  <program name="ok"><start_sequence>1</start_sequence></program>
</programs>
</application>
<application name="other"><start_sequence>2</start_sequence></application>`),
      );
      assert.equal(loaded.findings.length, 1);
      assert.equal(loaded.findings[0]?.line, 6);
      assert.match(loaded.findings[0]?.message ?? '', /^application 'db': program pattern '\*x' at line 6: invalid regular expression \(.*\); the application stays unmanaged$/);
      assert.deepEqual(
        loaded.rules.broken.map(({ name, line }) => [name, line]),
        [['db', 3]],
      );
      const lookup = applicationRulesFor(loaded.rules, 'db');
      assert.equal(lookup.selectedBy, 'name');
      assert.match(lookup.broken ?? '', /invalid regular expression/);
      assert.deepEqual(lookup.rules.managed, false);
      assert.equal(programRulesFor(lookup.rules, 'ok').rules.startSequence, 0);
      assert.equal(applicationRulesFor(loaded.rules, 'other').rules.startSequence, 2);
    });
  });
});
