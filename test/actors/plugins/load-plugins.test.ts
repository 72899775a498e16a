import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActorSystem } from '../../../actors/core/index.js';
import { importPlugins, loadPlugins } from '../../../actors/plugins/plugins.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { memoryLogger } from '../../helpers/logger.js';

const example = fileURLToPath(new URL('../../../examples/plugins/round-robin.js', import.meta.url));

describe('strategy plugins: loading', () => {
  let system: ActorSystem;
  let dir: string;
  beforeEach(() => {
    system = new ActorSystem({ node: 'test', logger: memoryLogger().logger });
    dir = mkdtempSync(join(tmpdir(), 'supvisors-plugins-'));
  });
  afterEach(async () => {
    await system.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spawns the example as strategy:ROUND_ROBIN, which turns over the valid candidates', async () => {
    const [plugin] = await loadPlugins(system, [example]);
    assert.equal(plugin?.name, 'ROUND_ROBIN');
    const candidates = ['a', 'b', 'c'].map((identifier) => ({ identifier, machineId: identifier, valid: identifier !== 'b', nodeLoading: 0, instanceLoading: 0 }));
    const choose = (): Promise<string | null> => plugin?.ref.ask<string | null>((replyTo) => ({ type: 'choose', candidates, load: 0, localIdentifier: 'a', replyTo })) ?? Promise.resolve(null);
    assert.deepEqual([await choose(), await choose(), await choose()], ['a', 'c', 'a']);
    const shown = system.diagnostics({ peek: 0 }).actors.find((actor) => actor.name === 'strategy:ROUND_ROBIN');
    assert.equal(shown?.kind, `plugin ${example}`);
  });

  const broken: [string, string, RegExp][] = [
    ['no strategy name', "export const kind = 'starting'; export const actor = () => ({ receive() {} });", /export 'strategy' must be an upper-case name/],
    ['a built-in name', "export const strategy = 'CONFIG'; export const kind = 'starting'; export const actor = () => ({ receive() {} });", /CONFIG is a built-in name/],
    ['an unknown kind', "export const strategy = 'X'; export const kind = 'stopping'; export const actor = () => ({ receive() {} });", /export 'kind' must be 'starting'/],
    ['no actor', "export const strategy = 'X'; export const kind = 'starting';", /export 'actor' must be an actor factory/],
    ['a syntax error', 'export const = 3;', /cannot be loaded/],
  ];
  it('imports and checks without spawning (what --check runs); a bad module after a good one spawns nothing either', async () => {
    const [module] = await importPlugins([example]);
    assert.equal(module?.name, 'ROUND_ROBIN');
    const bad = join(dir, 'bad.mjs');
    writeFileSync(bad, "export const strategy = 'ROUND_ROBIN'; export const kind = 'starting'; export const actor = () => ({ receive() {} });");
    await assert.rejects(loadPlugins(system, [example, bad]), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message.includes(`plugin ${bad}: strategy ROUND_ROBIN is already defined by ${example}`));
    assert.equal(system.diagnostics({ peek: 0 }).actors.filter((actor) => actor.name.startsWith('strategy:')).length, 0);
  });

  it('refuses a module that is not there, naming the file', async () => {
    const file = join(dir, 'gone.mjs');
    await assert.rejects(importPlugins([file]), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message.startsWith(`plugin ${file}: cannot be loaded:`));
  });

  for (const [what, text, reason] of broken) {
    it(`refuses a module with ${what}, naming the file`, async () => {
      const file = join(dir, 'plugin.mjs');
      writeFileSync(file, text);
      await assert.rejects(loadPlugins(system, [file]), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && reason.test(error.message) && error.message.includes(file));
    });
  }
});
