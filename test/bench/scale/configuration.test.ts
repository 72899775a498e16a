import assert from 'node:assert/strict';
import { applications, programNames, programSections, rulesXml } from '../../../bench/scale/configuration.js';
import { mergeRules } from '../../../rules/merge-rules.js';
import { parseRulesFile } from '../../../rules/parse-rules.js';
import { applicationRulesFor, programRulesFor } from '../../../rules/resolve.js';

describe('bench:scale configuration', () => {
  const all = [...applications('dist', 2, 3, true), { name: 'app5', programs: 5, autoStart: false }];

  it('names applications and their programs in order', () => {
    assert.deepEqual(
      all.map((application) => application.name),
      ['dist_00', 'dist_01', 'app5'],
    );
    assert.deepEqual(programNames({ name: 'dist_01', programs: 3, autoStart: true }), ['dist_01_000', 'dist_01_001', 'dist_01_002']);
  });

  it('writes one group per application and one sleep program, started by Supvisors only, per process', () => {
    const text = programSections(all);
    assert.match(text, /^\[group:dist_00\]\nprograms = dist_00_000,dist_00_001,dist_00_002\n/);
    assert.equal(text.match(/^\[program:/gm)?.length, 11);
    assert.equal(text.match(/^autostart = false$/gm)?.length, 11);
    assert.equal(text.match(/^startsecs = 0$/gm)?.length, 11);
  });

  it('writes rules the rules parser takes: start_sequence 1 for the auto-started applications, 0 for the others, 1 for every program, CONFIG', () => {
    const parsing = parseRulesFile(rulesXml(all), 'rules.xml');
    assert.deepEqual(parsing.findings, []);
    const merging = mergeRules([parsing.rules]);
    assert.deepEqual(merging.findings, []);
    for (const application of all) {
      const lookup = applicationRulesFor(merging.rules, application.name);
      assert.equal(lookup.selectedBy, 'name');
      assert.equal(lookup.rules.startSequence, application.autoStart ? 1 : 0);
      assert.equal(lookup.rules.startingStrategy, 'CONFIG');
      for (const name of programNames(application)) assert.equal(programRulesFor(lookup.rules, name).rules.startSequence, 1);
    }
  });

  it('spreads applications over the nodes by their programs identifiers, round robin', () => {
    const spread = applications('dist', 4, 2, true, 3);
    assert.deepEqual(
      spread.map((application) => application.identifiers),
      ['node1', 'node2', 'node3', 'node1'],
    );
    const merging = mergeRules([parseRulesFile(rulesXml(spread), 'rules.xml').rules]);
    assert.deepEqual(merging.findings, []);
    const rules = applicationRulesFor(merging.rules, 'dist_02').rules;
    assert.deepEqual(programRulesFor(rules, 'dist_02_001').rules.identifiers, ['node3']);
  });
});
