/**
 * The folder tree's dependency rule, checked on the sources: every import points down the
 * layers below (or stays in its layer without a cycle), no two files import each other even for
 * types, the domain layer is pure (no Node module: no I/O), and nothing but the tests
 * imports from test/. The README's layout table lists the folders in this order.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lowest first. `actors/*`: every folder below actors/ (one actor each). */
const LAYERS: readonly (readonly [string, readonly string[]])[] = [
  ['base', ['vocabulary', 'clock', 'errors', 'log']],
  ['runtime and wire', ['mailbox', 'actors/core', 'xmlrpc', 'http', 'config', 'supervisor']],
  ['domain', ['rules', 'cluster', 'model', 'strategies', 'jobs', 'stats-compiler', 'payloads', 'events', 'alerts', 'contract']],
  ['links', ['transport', 'supervisor-bridge', 'stats-worker', 'plugin-worker']],
  ['actors', ['actors/*']],
  ['surfaces', ['api', 'api/*', 'client', 'cli', 'deploy', 'dashboard', 'dashboard/*', 'local-cluster', 'examples']],
  ['entry points', ['bin', 'bench']],
];
const DOMAIN = LAYERS.findIndex(([name]) => name === 'domain');
/** The one file of the domain that reads files: the rules files named by `rules_files`. */
const DOMAIN_READERS = new Set(['rules/load-rules.ts']);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIPPED = new Set(['node_modules', 'dist', 'docs', 'scripts', '.git', '.ci']);

interface Import {
  readonly from: string;
  readonly to: string;
  /** A file of this repository (a relative specifier), not a package or a Node module. */
  readonly local: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED.has(entry.name) || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')`. */
const IMPORT = /^\s*(?:import\s+(?:[^'";]*?\s+from\s+)?|export\s+[^'";]*?\s+from\s+)'([^']+)'|import\('([^']+)'\)/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = match[1] ?? match[2] ?? '';
    const to = specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts') : specifier;
    return { from: file, to, local: specifier.startsWith('.') };
  });
}

/** The folder a file belongs to in LAYERS: two levels below actors/, api/ and dashboard/. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (['actors', 'api', 'dashboard'].includes(parts[0] ?? '') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

function layerOf(folder: string): number {
  return LAYERS.findIndex(([, folders]) => folders.some((entry) => entry === folder || (entry.endsWith('/*') && folder.startsWith(entry.slice(0, -1)))));
}

/** Tarjan's strongly connected components of more than one node: the cycles. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(node) === index.get(node)) {
      const component = stack.splice(stack.indexOf(node));
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graph(pairs: readonly (readonly [string, string])[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of pairs) edges.set(from, (edges.get(from) ?? new Set()).add(to));
  return edges;
}

describe('the folder layers', () => {
  const files = sourceFiles('').filter((file) => !file.startsWith('test/'));
  const imports = files.flatMap(importsOf);
  const local = imports.filter((one) => one.local);

  it('places every source folder in a layer', () => {
    const unplaced = [...new Set(files.map(folderOf))].filter((folder) => folder !== '' && layerOf(folder) < 0);
    assert.deepEqual(unplaced, [], 'add these folders to LAYERS and to the README layout table');
  });

  it('imports only from the same layer or one below', () => {
    const upward = local
      .filter(({ from, to }) => layerOf(folderOf(to)) > layerOf(folderOf(from)))
      .map(({ from, to }) => `${from} imports ${to}: ${LAYERS[layerOf(folderOf(to))]?.[0]} is above ${LAYERS[layerOf(folderOf(from))]?.[0]}`);
    assert.deepEqual(upward, []);
  });

  it('has no import cycle between files, type imports included', () => {
    assert.deepEqual(cycles(graph(local.map(({ from, to }) => [from, to]))), []);
  });

  it('has no import cycle between folders', () => {
    const between = local.map(({ from, to }) => [folderOf(from), folderOf(to)] as const).filter(([from, to]) => from !== to);
    assert.deepEqual(cycles(graph(between)), []);
  });

  it('keeps the domain pure: no Node module (actors and links are above it)', () => {
    const impure = imports
      .filter(({ from, to }) => layerOf(folderOf(from)) === DOMAIN && to.startsWith('node:') && !DOMAIN_READERS.has(from))
      .map(({ from, to }) => `${from} imports ${to}`);
    assert.deepEqual(impure, []);
  });

  it('leaves test/ to the tests', () => {
    assert.deepEqual(
      local.filter(({ to }) => to.startsWith('test/')).map(({ from, to }) => `${from} imports ${to}`),
      [],
    );
  });
});
