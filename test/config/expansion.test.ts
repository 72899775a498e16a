import assert from 'node:assert/strict';
import { expand, expansionVariables } from '../../config/expansion.js';
import { accepted } from '../../config/values.js';

describe('config expansion', () => {
  const variables = expansionVariables({ hostname: 'rocky51', env: { IDENTIFIER: 'supv-03', EMPTY: '', UNSET: undefined } }, '/etc/supvisors');

  it('expands here, host_node_name and ENV_ variables', () => {
    assert.deepEqual(expand('%(here)s/rules/%(host_node_name)s_%(ENV_IDENTIFIER)s.xml', variables), accepted('/etc/supvisors/rules/rocky51_supv-03.xml'));
    assert.deepEqual(expand('[%(ENV_EMPTY)s]', variables), accepted('[]'));
    assert.deepEqual(expand('no expansion', variables), accepted('no expansion'));
  });

  it('turns %% into a literal %, so %%(name)s survives for a second pass', () => {
    const once = expand('%%(host_node_name)s/%%%%', variables);
    assert.deepEqual(once, accepted('%(host_node_name)s/%%'));
    assert.deepEqual(expand(once.ok ? once.value : '', variables), accepted('rocky51/%'));
  });

  it('refuses unknown names, naming what is available', () => {
    assert.deepEqual(expand('%(program_name)s', variables), {
      ok: false,
      problem: 'unknown expansion %(program_name)s (available: here, host_node_name, ENV_<NAME> for each environment variable)',
    });
    assert.deepEqual(expand('%(ENV_UNSET)s', variables), {
      ok: false,
      problem: '%(ENV_UNSET)s names the environment variable UNSET, which is not set (available: here, host_node_name, ENV_<NAME> for each environment variable)',
    });
  });

  it('refuses a % that is neither %% nor %(name)s, as Python formatting does', () => {
    for (const text of ['50%', '%(here)d', '%s', '%(here']) {
      const result = expand(text, variables);
      assert.equal(result.ok, false, text);
      assert.match(result.ok ? '' : result.problem, /^badly formatted expansion at ".*": write %\(name\)s, or %% for a literal %$/);
    }
  });
});
