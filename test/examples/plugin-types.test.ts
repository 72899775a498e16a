/**
 * `supvisors-ts/plugin` (plugin-worker/plugin-types.ts through the package's exports): a plugin
 * written in TypeScript outside the sources, with the package in its node_modules, type-checks
 * against it with the TypeScript compiler, compiles to a module that imports nothing from the
 * package and passes the runtime's module checks; a plugin using a field wrongly does not compile.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeModule } from '../../plugin-worker/module-shape.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const PLUGIN = `import type { ConciliationAction, ConflictingProcess, PlacementInput } from 'supvisors-ts/plugin';

export const name = 'TYPED_FIRST';
export const kind = 'starting';

/** The first valid candidate. */
export function choose(input: PlacementInput): string | null {
  return input.candidates.find((candidate) => candidate.valid)?.identifier ?? null;
}

/** Unused by a starting plugin: here to type-check the conciliation shapes too. */
export function stopAll(conflicts: readonly ConflictingProcess[]): ConciliationAction[] {
  return conflicts.map((conflict) => ({ kind: 'stop', namespec: conflict.namespec, identifiers: conflict.instances.map((copy) => copy.identifier) }));
}
`;

const WRONG = `import type { PlacementInput } from 'supvisors-ts/plugin';

export const name = 'WRONG';
export const kind = 'starting';
export function choose(input: PlacementInput): string | null {
  return input.instances[0] ?? null;
}
`;

describe('plugin types for TypeScript authors (supvisors-ts/plugin)', function () {
  this.timeout(60_000);
  let dir: string | undefined;
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs tsc on `file` of a folder holding the package in node_modules; gives its exit code and output. */
  const compile = async (file: string, text: string): Promise<{ code: number; output: string }> => {
    if (dir === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'supvisors-plugin-types-'));
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'supvisors-ts'), 'dir');
    }
    writeFileSync(join(dir, file), text);
    const args = [TSC, '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--strict', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), file];
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: dir, timeout: 50_000 });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  };

  it('type-checks a plugin against the package, which compiles to a module that imports nothing from it and passes the checks', async () => {
    const { code, output } = await compile('typed.mts', PLUGIN);
    assert.equal(code, 0, output);
    assert.ok(dir !== undefined);
    const compiled = readFileSync(join(dir, 'typed.mjs'), 'utf8');
    assert.doesNotMatch(compiled, /supvisors-ts/, 'the types are erased');
    const module = (await import(pathToFileURL(join(dir, 'typed.mjs')).href)) as Record<string, unknown>;
    assert.deepEqual(describeModule(module), { name: 'TYPED_FIRST', kind: 'starting' });
    const choose = module['choose'] as (input: unknown) => unknown;
    const candidate = (identifier: string, valid: boolean): Record<string, unknown> => ({ identifier, valid, nodeLoading: 0, instanceLoading: 0 });
    assert.equal(choose({ candidates: [candidate('a', false), candidate('b', true)], load: 5, localIdentifier: 'a' }), 'b');
  });

  it('refuses a plugin that reads a field the types do not have', async () => {
    const { code, output } = await compile('wrong.mts', WRONG);
    assert.notEqual(code, 0);
    assert.match(output, /Property 'instances' does not exist on type 'PlacementInput'/);
  });
});
