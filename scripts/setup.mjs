#!/usr/bin/env node
// Installs what a fresh clone on a fresh Debian machine lacks, then returns.
// Called first by `npm test`, `npm run demo` and the benches; cheap when everything is there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const say = (text) => { if (!quiet) process.stderr.write(`setup: ${text}\n`); };

function fail(text) {
  process.stderr.write(`setup: ${text}\n`);
  process.exit(1);
}

function run(command, args) {
  say(`${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`'${command} ${args.join(' ')}' failed (exit ${result.status ?? result.signal})`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node >= 20.19 is needed, this is ${process.versions.node}`);

// npm packages: install when node_modules is missing or older than the lock file.
const installedMarker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installedMarker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installedMarker).mtimeMs)) {
  // `npm ci`: exactly the locked versions. The lock file is complete (every platform's optional
  // packages included, e.g. @msgpackr-extract/*), so keep it so: `npm install --package-lock-only`.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// Debian packages: the real supervisord the runtime drives and the tests run (supervisor), the
// `ip` command of the partition tests' network namespaces (iproute2), openssl, which makes the
// certificates of the TLS tests, the headless browser of the web tests (chromium, driven by
// playwright-core; never a browser download), and the pseudo-terminal of the supvisorsctl shell
// tests (tmux).
const debianNeeds = [
  { command: 'supervisord', pkg: 'supervisor' },
  { command: 'supervisorctl', pkg: 'supervisor' },
  { command: 'ip', pkg: 'iproute2' },
  { command: 'openssl', pkg: 'openssl' },
  { command: 'chromium', pkg: 'chromium' },
  { command: 'tmux', pkg: 'tmux' },
  // test/deploy/deploy-cluster.test.ts runs an OpenSSH server per namespace; by its path, since /usr/sbin is not on every user's PATH
  { command: '/usr/sbin/sshd', pkg: 'openssh-server' },
];
function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
const missing = [...new Set(debianNeeds.filter(({ command }) => !onPath(command)).map(({ pkg }) => pkg))];
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!onPath('apt-get')) fail(`${missing.join(', ')} missing and apt-get is not available: install them (Supervisor >= 4.2)`);
  const sudo = isRoot ? [] : ['sudo', '-n'];
  const env = 'DEBIAN_FRONTEND=noninteractive';
  const apt = (args) => run(sudo[0] ?? 'env', [...sudo.slice(1), ...(isRoot ? [env] : ['env', env]), 'apt-get', ...args]);
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  for (const { command, pkg } of debianNeeds) if (!onPath(command)) fail(`apt-get installed ${pkg} but ${command} is still not on PATH`);
}
say(`ready: node ${process.versions.node}, supervisord ${execFileSync('supervisord', ['--version']).toString().trim()}`);
