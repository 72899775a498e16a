/**
 * The npm package as a user gets it: packed from this tree (dist/ as `npm test` just built it;
 * `prepack` would build it again), installed from the tarball in an empty folder, its bins run
 * from node_modules/.bin. The npm cache that `npm ci` filled makes the install offline-capable.
 * Installed without the optional dependencies: the package works without the zeromq addon, and
 * `event_link = ZMQ` says what is missing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);
/** The bound of one npm command: an install from the cache takes a few seconds. */
const NPM_TIMEOUT_MS = 90_000;

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** The string values of a manifest field such as `bin` or `exports`. */
function stringValues(field: unknown): string[] {
  if (typeof field !== 'object' || field === null) return [];
  return Object.values(field).filter((value): value is string => typeof value === 'string');
}

function isPackResult(value: unknown): value is PackResult {
  return typeof value === 'object' && value !== null && 'filename' in value && typeof value.filename === 'string' && 'files' in value && Array.isArray(value.files);
}

describe('the npm package', function () {
  this.timeout(2 * NPM_TIMEOUT_MS + 20_000);
  const work = mkdtempSync(join(tmpdir(), 'supvisors-package-'));
  const app = join(work, 'app');
  let packed: PackResult;

  before(async () => {
    // --ignore-scripts: dist/ is built (npm test builds first); prepack would build it again.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, timeout: NPM_TIMEOUT_MS });
    const parsed: unknown = JSON.parse(stdout);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
    assert.ok(isPackResult(first), `npm pack --json printed ${stdout.slice(0, 200)}`);
    packed = first;
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "supvisors-package-test", "private": true }\n');
    await run('npm', ['install', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed.filename)], { cwd: app, timeout: NPM_TIMEOUT_MS });
  });

  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('holds no test, bench or TypeScript source, and every file its bins and exports name', () => {
    const paths = packed.files.map((file) => file.path);
    const strays = paths.filter((path) => /^dist\/(test|bench|test-artifacts)\//.test(path) || /\.test\.js$/.test(path) || /(?<!\.d)\.tsx?$/.test(path));
    assert.deepEqual(strays, []);
    const manifest: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.ok(typeof manifest === 'object' && manifest !== null && 'bin' in manifest && 'exports' in manifest);
    const named = [...stringValues(manifest.bin), ...stringValues(manifest.exports)].map((path) => path.replace(/^\.\//, ''));
    assert.ok(named.length >= 5, `bins and exports: ${named.join(', ')}`);
    assert.deepEqual(named.filter((path) => !paths.includes(path)), []);
    assert.ok(paths.includes('dist/dashboard-bundle/app.js'), 'the dashboard bundle');
    assert.ok(paths.includes('dist/stats-worker/worker.js'), 'the statistics worker piscina loads by its path');
    assert.ok(paths.includes('dist/plugin-worker/worker.js'), "the plugins' worker thread, started by its path");
    assert.ok(paths.includes('examples/plugins/template.mjs'), 'the plain-JavaScript plugin template users copy');
    assert.ok(paths.includes('dist/examples/plugins/round-robin.js'), 'the example plugins, compiled');
  });

  it('runs the installed supvisorsd and supvisorsctl', async () => {
    const bin = join(app, 'node_modules', '.bin');
    const daemon = await run(join(bin, 'supvisorsd'), ['--help'], { timeout: 20_000 });
    assert.match(daemon.stdout, /^Usage: supvisorsd -c FILE/m);
    const version = await run(join(bin, 'supvisorsd'), ['--version'], { timeout: 20_000 });
    assert.match(version.stdout, /0\.\d+\.\d+/);
    const control = await run(join(bin, 'supvisorsctl'), ['--help'], { timeout: 20_000 });
    assert.match(control.stdout, /^Usage: supvisorsctl /m);
  });

  it('runs the installed supvisors-args, which appends the stored words to the command', async () => {
    const argsDir = join(work, 'args');
    mkdirSync(argsDir);
    writeFileSync(join(argsDir, 'web:web_00'), 'two words\n--flag\n');
    const env = { ...process.env, SUPVISORS_ARGS_DIR: argsDir, SUPERVISOR_GROUP_NAME: 'web', SUPERVISOR_PROCESS_NAME: 'web_00' };
    const { stdout } = await run(join(app, 'node_modules', '.bin', 'supvisors-args'), ['printf', '[%s]', 'first'], { env, timeout: 20_000 });
    assert.equal(stdout, '[first][two words][--flag]');
  });

  it('serves its client entry point to an importing program', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "const client = await import('supvisors-ts/client'); console.log(Object.keys(client).length > 0)"], { cwd: app, timeout: 20_000 });
    assert.equal(stdout.trim(), 'true');
  });

  it('installed without zeromq: event_link = ZMQ is a configuration error telling to install it', async () => {
    const zmqLink = join(app, 'node_modules', 'supvisors-ts', 'dist', 'actors', 'event-publisher', 'zmq-link.js');
    const script = `const { loadZeroMq } = await import(${JSON.stringify(zmqLink)}); await loadZeroMq().then(() => console.log('loaded'), (error) => console.log(error.code, error.message));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, timeout: 20_000 });
    assert.match(stdout, /^CONFIG_INVALID event_link = ZMQ needs the optional package zeromq, which is not installed: npm install zeromq/);
  });
});
