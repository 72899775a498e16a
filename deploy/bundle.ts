/**
 * The package shipped to the hosts, which may have no registry access: the files `npm pack`
 * would put in it (`npm pack --dry-run`, so the package's `files` decide) plus its production
 * dependencies as installed here (`npm ls --omit=dev`; the optional ones, zeromq, only when
 * asked). Its identity is the package version and a hash of every file's path and content, so
 * that the same build gives the same bundle and a re-run ships nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { BundleIdentity } from './render.js';

const run = promisify(execFile);
/** Bound of one npm or tar command. */
const COMMAND_TIMEOUT_MS = 120_000;

export interface Bundle extends BundleIdentity {
  /** The package folder the files are taken from. */
  readonly root: string;
  /** Relative to root, sorted. */
  readonly files: readonly string[];
}

function isPackList(value: unknown): value is { files: { path: string }[] }[] {
  return Array.isArray(value) && value.every((entry: unknown) => typeof entry === 'object' && entry !== null && 'files' in entry && Array.isArray(entry.files));
}

/** Every file and symlink under `dir` (relative to `root`). */
function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(root, path);
    return entry.isFile() || entry.isSymbolicLink() ? [relative(root, path)] : [];
  });
}

/** The bundle of the package at `root` (a built clone). */
export async function describeBundle(root: string, includeOptional: boolean): Promise<Bundle> {
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  const omit = ['--omit=dev', ...(includeOptional ? [] : ['--omit=optional'])];
  const options = { cwd: root, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 };
  const [packed, dependencies] = await Promise.all([run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], options), run('npm', ['ls', ...omit, '--all', '--parseable'], options)]);
  const list: unknown = JSON.parse(packed.stdout);
  if (!isPackList(list)) throw new Error(`npm pack --dry-run --json printed ${packed.stdout.slice(0, 200)}`);
  const folders = dependencies.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== root && line.startsWith(join(root, 'node_modules')));
  const files = new Set(list.flatMap((entry) => entry.files.map((file) => file.path)));
  for (const folder of folders) for (const file of walk(root, folder)) files.add(file);
  const sorted = [...files].sort();
  const hash = createHash('sha256');
  for (const file of sorted) {
    const path = join(root, file);
    const stats = lstatSync(path);
    hash.update(`${file}\0${stats.isSymbolicLink() ? `-> ${readlinkSync(path)}` : (stats.mode & 0o111).toString()}\0`);
    if (!stats.isSymbolicLink()) hash.update(readFileSync(path));
  }
  return { root, version, hash: hash.digest('hex'), files: sorted };
}

/** Writes the bundle as a gzipped tar into `dir`; gives its path. */
export async function packBundle(bundle: Bundle, dir: string): Promise<string> {
  const list = join(dir, 'files.txt');
  const archive = join(dir, 'bundle.tgz');
  writeFileSync(list, `${bundle.files.join('\n')}\n`);
  await run('tar', ['-czf', archive, '--no-recursion', '-C', bundle.root, '-T', list], { timeout: COMMAND_TIMEOUT_MS });
  return archive;
}
