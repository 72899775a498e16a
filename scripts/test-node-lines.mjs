#!/usr/bin/env node
// Runs a proportionate part of the tests under the other supported Node.js lines (22 and 24 by
// default; e.g. `node scripts/test-node-lines.mjs 24` for one): the in-process tests (every
// folder that starts no cluster and no browser), the package test (the installed bins run by
// that node) and one real-node integration test (test/events-cluster: nodes of a local cluster
// with their supervisord, over WebSockets and ZeroMQ). The whole suite runs under the Node of
// the machine (`npm test`); this is `npm run test:node-lines`, which builds first.
//
// Each line's node comes from the npm registry (the package node-linux-<arch>@<line>, the
// official binaries), fetched once into ~/.cache/supvisors-node-lines/<line>/ ($XDG_CACHE_HOME
// when set); `--refresh` fetches the lines' latest releases again, `--fetch-only` fetches and
// prints their versions without running the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const refresh = args.includes('--refresh');
const fetchOnly = args.includes('--fetch-only');
const lines = args.filter((arg) => /^\d+$/.test(arg));
if (lines.length === 0) lines.push('22', '24');
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'supvisors-node-lines');
const FETCH_TIMEOUT_MS = 5 * 60_000;
const LINE_TIMEOUT_MS = 10 * 60_000;

/** The test folders that start no cluster of nodes and no browser (they run in seconds). */
const IN_PROCESS = [
  'actors', 'bench', 'client', 'cluster', 'config', 'contract', 'events', 'http', 'jobs', 'log', 'mailbox', 'model',
  'payloads', 'rules', 'stats-compiler', 'stats-worker', 'strategies', 'supervisor', 'transport', 'xmlrpc',
];
const TESTS = [
  'dist/test/layers.test.js',
  ...IN_PROCESS.map((folder) => `dist/test/${folder}/**/*.test.js`),
  'dist/test/package/**/*.test.js',
  'dist/test/events-cluster/**/*.test.js',
];

function fail(text) {
  process.stderr.write(`test-node-lines: ${text}\n`);
  process.exit(1);
}

const ARCHES = { x64: 'x64', arm64: 'arm64' };
if (process.platform !== 'linux' || !(process.arch in ARCHES)) fail(`no registry build of Node for ${process.platform}-${process.arch} here: run the suite under each line yourself`);
const packageName = `node-linux-${ARCHES[process.arch]}`;

/** The bin folder of the line's node, fetched when missing (or on --refresh). */
function nodeBinOf(line) {
  const folder = join(cache, line);
  const bin = join(folder, 'package', 'bin');
  if (existsSync(join(bin, 'node')) && !refresh) return bin;
  mkdirSync(cache, { recursive: true });
  const aside = mkdtempSync(join(cache, `${line}.fetching-`));
  try {
    process.stderr.write(`test-node-lines: fetching ${packageName}@${line} from the npm registry\n`);
    const packed = spawnSync('npm', ['pack', '--silent', `${packageName}@${line}`], { cwd: aside, encoding: 'utf8', timeout: FETCH_TIMEOUT_MS });
    if (packed.status !== 0) fail(`npm pack ${packageName}@${line} failed (${packed.error?.message ?? `exit ${packed.status}`}): ${packed.stderr.trim()}`);
    const tarball = readdirSync(aside).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) fail(`npm pack ${packageName}@${line} left no tarball`);
    const extracted = spawnSync('tar', ['xzf', tarball], { cwd: aside, stdio: 'inherit', timeout: FETCH_TIMEOUT_MS });
    if (extracted.status !== 0) fail(`tar could not extract ${tarball}`);
    rmSync(join(aside, tarball));
    // Put in place at once: a run meanwhile sees the old node or the new one, never half of one.
    rmSync(folder, { recursive: true, force: true });
    renameSync(aside, folder);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  return bin;
}

const results = [];
for (const line of lines) {
  const bin = nodeBinOf(line);
  const node = join(bin, 'node');
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (fetchOnly) {
    process.stdout.write(`node ${version}: ${node}\n`);
    continue;
  }
  process.stderr.write(`test-node-lines: node ${version}: ${TESTS.length} test globs\n`);
  const started = Date.now();
  // The line's node first on PATH: the bins, supvisorsd and the scripts the tests start run under it too.
  const run = spawnSync(node, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'dot', ...TESTS], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: LINE_TIMEOUT_MS,
  });
  process.stdout.write(run.stdout ?? '');
  const passed = /(\d+) passing/.exec(run.stdout ?? '')?.[1];
  const failed = /(\d+) failing/.exec(run.stdout ?? '')?.[1] ?? '0';
  const seconds = Math.round((Date.now() - started) / 1000);
  const ok = run.status === 0 && passed !== undefined && failed === '0';
  results.push({ version, ok, text: passed === undefined ? `no summary (${run.error?.message ?? `exit ${run.status ?? run.signal}`})` : `${passed} passed, ${failed} failed` });
  process.stdout.write(`node ${version}: ${results.at(-1).text} in ${seconds} s\n`);
}
for (const { version, text } of results) process.stdout.write(`node-lines ${version}: ${text}\n`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
