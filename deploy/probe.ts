/**
 * What the deployer learns of a host before changing anything: one shell script run over SSH
 * (POSIX sh, read-only: it creates nothing), printing `key=value` lines, and the problems they
 * show, each with how to fix it. Pure but for the script's text being run elsewhere.
 */
import type { DeployHost } from './description.js';

/** The Node.js line the package supports (package.json `engines`). */
const NODE_MIN: readonly [number, number] = [20, 19];
/** The oldest Supervisor the runtime works with (docs/configuration.md). */
const SUPERVISOR_MIN: readonly [number, number] = [4, 2];

/** What the deployer last recorded on the host (`deploy-state.json` in its data directory). */
export interface DeployedState {
  /** Of the bundle, the configuration and the rules: equal means nothing to do. */
  readonly hash: string;
  readonly version: string;
  readonly bundle: string;
  /** Of the sections that only a supervisord restart applies ([supervisord], [inet_http_server]...). */
  readonly supervisordHash: string;
}

export interface HostFacts {
  readonly os: string;
  readonly distro: string;
  readonly nodePath: string | undefined;
  readonly nodeVersion: string | undefined;
  readonly supervisordPath: string | undefined;
  readonly supervisordVersion: string | undefined;
  readonly tools: readonly string[];
  readonly rootWritable: boolean;
  readonly dataWritable: boolean;
  /** supervisord's PID from the pidfile in the data directory, when that process is alive. */
  readonly runningPid: number | undefined;
  readonly state: DeployedState | undefined;
  /** The bundle of this run is unpacked already (versions/ID/.complete). */
  readonly bundlePresent: boolean;
  /** Ports of the node already taken by something else (only looked at when our supervisord is not running). */
  readonly busyPorts: readonly number[];
}

/** POSIX shell quoting: one word whatever the text. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The tools the deployer runs on the host besides Node.js and supervisord. */
const TOOLS = ['tar', 'setsid', 'sha256sum'];

const PORT_CHECK = `const net=require("net");const ports=process.argv.slice(1);let left=ports.length;const done=()=>{left-=1;if(left===0)process.exit(0)};for(const p of ports){const s=net.createServer();s.once("error",()=>{console.log("busy_port="+p);done()});s.listen(Number(p),"0.0.0.0",()=>s.close(done))}`;

/** The probe script for `host`, to learn whether bundle `bundleId` is there and `ports` free. */
export function probeScript(host: DeployHost, bundleId: string, ports: readonly number[]): string {
  const root = quote(host.installRoot);
  const data = quote(host.dataDir);
  return `
writable() { d="$1"; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ]; }
echo "os=$(uname -s)"
if [ -r /etc/os-release ]; then . /etc/os-release; echo "distro=\${PRETTY_NAME:-}"; fi
NODE=$(command -v ${quote(host.node)} 2>/dev/null || true)
echo "node=$NODE"
if [ -n "$NODE" ]; then echo "node_version=$("$NODE" --version 2>/dev/null)"; fi
SUPERVISORD=$(command -v ${quote(host.supervisord)} 2>/dev/null || true)
echo "supervisord=$SUPERVISORD"
if [ -n "$SUPERVISORD" ]; then echo "supervisord_version=$("$SUPERVISORD" --version 2>/dev/null)"; fi
for tool in ${TOOLS.join(' ')}; do if command -v "$tool" >/dev/null 2>&1; then echo "tool=$tool"; fi; done
if writable ${root}; then echo root_writable=yes; fi
if writable ${data}; then echo data_writable=yes; fi
PID=$(cat ${data}/supervisord.pid 2>/dev/null || true)
if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then echo "running_pid=$PID"; fi
if [ -r ${data}/deploy-state.json ]; then echo "state=$(tr -d '\\n' < ${data}/deploy-state.json)"; fi
if [ -f ${root}/versions/${quote(bundleId)}/.complete ]; then echo bundle_present=yes; fi
if [ -z "\${PID:-}" ] || ! kill -0 "$PID" 2>/dev/null; then
  if [ -n "$NODE" ]; then "$NODE" -e ${quote(PORT_CHECK)} ${ports.join(' ')}; fi
fi
exit 0
`;
}

function isState(value: unknown): value is DeployedState {
  if (typeof value !== 'object' || value === null) return false;
  return ['hash', 'version', 'bundle', 'supervisordHash'].every((key) => key in value && typeof (value as Record<string, unknown>)[key] === 'string');
}

/** The facts from the probe script's output. */
export function parseProbe(output: string): HostFacts {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    values.set(key, [...(values.get(key) ?? []), line.slice(at + 1).trim()]);
  }
  const one = (key: string): string | undefined => {
    const value = values.get(key)?.[0];
    return value === undefined || value === '' ? undefined : value;
  };
  let state: DeployedState | undefined;
  try {
    const parsed: unknown = JSON.parse(one('state') ?? 'null');
    state = isState(parsed) ? parsed : undefined;
  } catch {
    state = undefined;
  }
  const pid = Number(one('running_pid'));
  return {
    os: one('os') ?? 'unknown',
    distro: one('distro') ?? '',
    nodePath: one('node'),
    nodeVersion: one('node_version'),
    supervisordPath: one('supervisord'),
    supervisordVersion: one('supervisord_version'),
    tools: values.get('tool') ?? [],
    rootWritable: one('root_writable') === 'yes',
    dataWritable: one('data_writable') === 'yes',
    runningPid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
    state,
    bundlePresent: one('bundle_present') === 'yes',
    busyPorts: (values.get('busy_port') ?? []).map(Number),
  };
}

/** Whether `version` (`v22.1.0`, `4.2.5`) is at least `minimum` (major, minor). */
function atLeast(version: string, minimum: readonly [number, number]): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** Every problem of the host, each saying what to do; empty when the deployment can go on. */
export function hostProblems(host: DeployHost, facts: HostFacts): string[] {
  const problems: string[] = [];
  const group = `[group:${host.group}]`;
  if (facts.os !== 'Linux') problems.push(`the OS is ${facts.os}: Linux is needed`);
  if (facts.nodePath === undefined) {
    problems.push(`Node.js not found (${host.node} on the SSH user's PATH): install Node.js 22 or 24 (Debian: apt install nodejs, as root), or set node = /path/to/node in ${group}`);
  } else if (facts.nodeVersion === undefined || !atLeast(facts.nodeVersion, NODE_MIN)) {
    problems.push(`Node.js ${facts.nodeVersion ?? '(no version)'} at ${facts.nodePath} is too old: ${NODE_MIN.join('.')} or newer is needed (22 or 24 recommended)`);
  }
  if (facts.supervisordPath === undefined) {
    problems.push(`supervisord not found (${host.supervisord} on the SSH user's PATH): install Debian's supervisor (apt install supervisor, as root), or set supervisord = /path/to/supervisord in ${group}`);
  } else if (facts.supervisordVersion === undefined || !atLeast(facts.supervisordVersion, SUPERVISOR_MIN)) {
    problems.push(`supervisord ${facts.supervisordVersion ?? '(no version)'} at ${facts.supervisordPath} is too old: Supervisor ${SUPERVISOR_MIN.join('.')} or newer is needed (Debian 11 and later)`);
  }
  const missing = TOOLS.filter((tool) => !facts.tools.includes(tool));
  if (missing.length > 0) problems.push(`missing commands: ${missing.join(', ')} (Debian: coreutils, tar, util-linux)`);
  if (!facts.rootWritable) problems.push(`install_root ${host.installRoot} cannot be created or written by ${host.user}: make it (or a parent) writable by ${host.user}, or choose another in ${group}`);
  if (!facts.dataWritable) problems.push(`data_dir ${host.dataDir} cannot be created or written by ${host.user}: make it (or a parent) writable by ${host.user}, or choose another in ${group}`);
  for (const port of facts.busyPorts) problems.push(`port ${port} is already in use on the host (and not by this deployment's supervisord): free it or choose other ports in [cluster]`);
  return problems;
}
