import assert from 'node:assert/strict';
import { FIGURES, parseScaleOptions } from '../../../bench/scale/options.js';

describe('bench:scale options', () => {
  it('measures every figure but the large ones, 3 rounds, by default', () => {
    assert.deepEqual(parseScaleOptions([]), { rounds: 3, figures: FIGURES.filter((figure) => figure !== 'operation_20_nodes') });
  });

  it('adds operation_20_nodes with --large, and takes --rounds', () => {
    assert.deepEqual(parseScaleOptions(['--large', '--rounds', '5']), { rounds: 5, figures: FIGURES });
  });

  it('measures the figures --only names, in their usual order', () => {
    assert.deepEqual(parseScaleOptions(['--only', 'xmlrpc_up, start_20_nowait']).figures, ['start_20_nowait', 'xmlrpc_up']);
    assert.deepEqual(parseScaleOptions(['--only', 'operation_20_nodes']).figures, ['operation_20_nodes']);
  });

  it('refuses what it does not know, with the usage', () => {
    assert.throws(() => parseScaleOptions(['--rounds', '0']), /--rounds: a whole number >= 1.*\nusage:/s);
    assert.throws(() => parseScaleOptions(['--rounds', '2.5']), /--rounds/);
    assert.throws(() => parseScaleOptions(['--only', 'xmlrpc_up,nope']), /--only: unknown figure nope/);
    assert.throws(() => parseScaleOptions(['--only', ',']), /--only: unknown figure \(none given\)/);
    assert.throws(() => parseScaleOptions(['--fast']), /usage:/);
    assert.throws(() => parseScaleOptions(['extra']), /usage:/);
  });
});
