/**
 * `supvisorsctl deploy FILE` (docs/deploy.md): from a description to a running cluster.
 *
 * 1. Reads the description, the programs and rules files, and identifies the bundle.
 * 2. Connects to every host (host keys checked) and probes it (probe.ts). Every problem of every
 *    host is reported, and nothing is changed anywhere, unless all hosts are fit.
 * 3. Plans each host (plan.ts); `--dry-run` stops here, saying what would change.
 * 4. Ships the bundle where missing (SFTP, unpacked in versions/ID), writes the configuration
 *    and the rules (owner-only), restarts the running nodes one at a time (the Master last), each
 *    time waiting for the node to be back in OPERATION and seen RUNNING by the other running
 *    nodes, and starts the stopped nodes together (first when none runs, else after the roll),
 *    waiting for them the same way. The host's hash is recorded only once it is back, so an
 *    interrupted run is taken up again by the next one; then the package versions but this one
 *    and the one it replaced are removed from the install root.
 * Every line written goes through a filter that masks the secrets of the description.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SupvisorsClient } from '../client/index.js';
import { describeError } from '../errors/errors.js';
import { REPO } from '../local-cluster/configuration.js';
import { waitFor } from '../local-cluster/waiting.js';
import { describeBundle, packBundle, type Bundle } from './bundle.js';
import { parseDescription, type DeployDescription, type DeployHost } from './description.js';
import { parseAcceptance } from './known-hosts.js';
import { planHost, rollingProblem, rollout, type HostPlan } from './plan.js';
import { hostProblems, parseProbe, probeScript, quote, type DeployedState, type HostFacts } from './probe.js';
import { renderNode } from './render.js';
import { SshLink } from './ssh.js';
import { renderTable, type TableRow } from './table.js';

export interface DeployOutput {
  line(text: string): void;
  error(text: string): void;
}

export interface DeployOptions {
  readonly file: string;
  readonly dryRun: boolean;
  /** `HOST=SHA256:...` of --accept-host-key, HOST as written in host.N or name.N. */
  readonly accept: readonly string[];
  readonly out: DeployOutput;
  readonly home: string;
  readonly localUser: string;
  readonly agentSocket: string | undefined;
  /** The package shipped (default: the one this module runs from). */
  readonly packageRoot?: string;
  /** Aborted (Ctrl-C): no further node is restarted. */
  readonly signal?: AbortSignal;
}

/** Exit statuses: done, a host problem (nothing changed, or a node not back), a description or usage error. */
export const DeployExit = { OK: 0, FAILED: 1, INVALID: 2 } as const;

/** How often the cluster's state is asked while waiting for a node. */
const POLL_MS = 200;

interface HostRun {
  readonly host: DeployHost;
  link: SshLink | undefined;
  facts: HostFacts | undefined;
  plan: HostPlan | undefined;
  problems: string[];
  state: string;
}

function masked(out: DeployOutput, secrets: readonly string[]): DeployOutput {
  const mask = (text: string): string => secrets.reduce((masking, secret) => (secret === '' ? masking : masking.replaceAll(secret, '***')), text);
  return { line: (text) => out.line(mask(text)), error: (text) => out.error(mask(text)) };
}

function secretsOf(description: DeployDescription): string[] {
  return [description.password, description.peerSecret, ...description.hosts.flatMap((host) => [host.auth.password ?? '', host.auth.passphrase ?? ''])];
}

function readInputs(description: DeployDescription): { programs: string; rules: Map<string, string> } | string {
  try {
    const programs = description.programsFile === undefined ? '' : readFileSync(description.programsFile, 'utf8');
    const rules = new Map(description.rulesFiles.map((file) => [file, readFileSync(file, 'utf8')]));
    return { programs, rules };
  } catch (error) {
    return `${description.file}: ${describeError(error)}`;
  }
}

function clientOf(description: DeployDescription, host: DeployHost): SupvisorsClient {
  return new SupvisorsClient({ url: `http://${host.address}:${description.httpPort}`, username: description.username, password: description.password, timeoutMs: 2000, retries: 0 });
}

/** The Master's nick, asked to the running nodes (undefined when none answers). */
async function masterName(description: DeployDescription, hosts: readonly DeployHost[]): Promise<string | undefined> {
  for (const host of hosts) {
    const client = clientOf(description, host);
    try {
      const master = await client.supvisors.get_master_identifier();
      if (master.nick_identifier !== undefined && master.nick_identifier !== '') return master.nick_identifier;
    } catch {
      // not answering: ask the next
    } finally {
      client.close();
    }
  }
  return undefined;
}

/** Whether `host` is in OPERATION and seen RUNNING by every node of `others` (and itself). */
async function rejoined(description: DeployDescription, host: DeployHost, others: readonly DeployHost[]): Promise<boolean> {
  const clients = [host, ...others].map((one) => clientOf(description, one));
  try {
    const [own] = clients;
    if (own === undefined || (await own.supvisors.get_supvisors_state()).fsm_statename !== 'OPERATION') return false;
    for (const client of clients) {
      const instances = await client.supvisors.get_all_instances_info();
      if (instances.find((instance) => instance.nick_identifier === host.name)?.statename !== 'RUNNING') return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    for (const client of clients) client.close();
  }
}

/** Runs a command on the host; its output, or an error saying what failed with the last lines of its output. */
async function check(link: SshLink, command: string, what: string, stdin?: string): Promise<string> {
  const result = await link.exec(command, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`);
  return result.stdout;
}

/** Writes a file on the host, readable by its owner only, replaced whole (a reader never sees half of it). */
async function writeRemote(link: SshLink, path: string, text: string): Promise<void> {
  await check(link, `umask 077 && cat > ${quote(`${path}.new`)} && mv ${quote(`${path}.new`)} ${quote(path)}`, `writing ${path}`, text);
}

/** Ships the bundle (when missing) and writes the node's files. */
async function prepare(link: SshLink, plan: HostPlan, archive: () => Promise<string>): Promise<void> {
  const { node } = plan;
  const versions = join(node.host.installRoot, 'versions');
  if (plan.upload) {
    const upload = join(versions, `.${node.bundleId}.tgz`);
    const unpacking = join(versions, `.${node.bundleId}.tmp`);
    await check(link, `mkdir -p ${quote(versions)}`, 'making the install root');
    await link.put(await archive(), upload);
    await check(
      link,
      `rm -rf ${quote(unpacking)} && mkdir ${quote(unpacking)} && tar -xzf ${quote(upload)} -C ${quote(unpacking)} && touch ${quote(join(unpacking, '.complete'))} && rm -rf ${quote(node.bundleDir)} && mv ${quote(unpacking)} ${quote(node.bundleDir)} && rm -f ${quote(upload)}`,
      'unpacking the bundle',
    );
  }
  if (plan.write) {
    await check(link, `mkdir -p ${['state', 'args', 'rules'].map((sub) => quote(join(node.host.dataDir, sub))).join(' ')}`, 'making the data directory');
    for (const rule of node.rules) await writeRemote(link, rule.path, rule.text);
    await writeRemote(link, node.confFile, node.conf);
  }
}

function supervisorctl(facts: HostFacts, plan: HostPlan, command: string): string {
  const supervisord = facts.supervisordPath ?? 'supervisord';
  return `${quote(join(dirname(supervisord), 'supervisorctl'))} -c ${quote(plan.node.confFile)} ${command}`;
}

function startCommand(facts: HostFacts, plan: HostPlan): string {
  const { dataDir } = plan.node.host;
  return `cd ${quote(dataDir)} && setsid ${quote(facts.supervisordPath ?? 'supervisord')} -c ${quote(plan.node.confFile)} </dev/null >/dev/null 2>&1 &`;
}

/** Restarts (or starts) the node as planned. */
async function restartNode(link: SshLink, facts: HostFacts, plan: HostPlan): Promise<void> {
  if (plan.restart === 'start') {
    await check(link, startCommand(facts, plan), 'starting supervisord');
  } else if (plan.restart === 'runtime') {
    const update = await check(link, supervisorctl(facts, plan, 'update'), 'supervisorctl update');
    // update restarts the runtime itself when its command changed (a new package)
    if (!/^supvisors: (updated|added)/m.test(update)) await check(link, supervisorctl(facts, plan, 'restart supvisors'), 'supervisorctl restart supvisors');
  } else if (plan.restart === 'supervisord') {
    const pid = facts.runningPid ?? 0;
    await check(link, supervisorctl(facts, plan, 'shutdown'), 'supervisorctl shutdown');
    // bounded wait on the old supervisord's end: 300 x 0.1 s
    await check(link, `i=0; while kill -0 ${pid} 2>/dev/null; do i=$((i+1)); [ $i -gt 300 ] && exit 1; sleep 0.1; done`, 'waiting for supervisord to stop');
    await check(link, startCommand(facts, plan), 'starting supervisord');
  }
}

async function recordState(link: SshLink, plan: HostPlan): Promise<void> {
  const state: DeployedState = { hash: plan.node.hash, version: plan.versionAfter, bundle: plan.node.bundleId, supervisordHash: plan.node.supervisordHash };
  const path = join(plan.node.host.dataDir, 'deploy-state.json');
  await writeRemote(link, path, `${JSON.stringify(state)}\n`);
}

/** Removes the package versions under the install root but this run's and the one it replaces (kept for a manual roll back). */
async function pruneVersions(link: SshLink, plan: HostPlan, previous: string | undefined): Promise<void> {
  const keep = [plan.node.bundleId, ...(previous === undefined ? [] : [previous])].map((id) => `-e ${quote(id)}`).join(' ');
  const versions = quote(join(plan.node.host.installRoot, 'versions'));
  await link.exec(`cd ${versions} && ls -1 | grep -vxF ${keep} | while read -r old; do rm -rf "./$old"; done`);
}

function table(runs: readonly HostRun[]): string[] {
  const rows: TableRow[] = runs.map((run) => ({ host: run.host.name, before: run.facts?.state?.version, after: run.plan?.versionAfter ?? run.facts?.state?.version, state: run.state }));
  return renderTable(rows);
}

export async function deploy(options: DeployOptions): Promise<number> {
  const raw = options.out;
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    raw.error(`cannot read ${options.file}: ${describeError(error)}`);
    return DeployExit.INVALID;
  }
  const parsed = parseDescription(text, options.file, { localUser: options.localUser, home: options.home });
  if (!parsed.ok) {
    for (const error of parsed.errors) raw.error(error);
    return DeployExit.INVALID;
  }
  const { description } = parsed;
  const out = masked(raw, secretsOf(description));
  if ((statSync(options.file).mode & 0o077) !== 0) out.line(`warning: ${options.file} holds secrets and is readable by others: chmod 600 ${options.file}`);
  const accepted = new Map<string, string>();
  for (const flag of options.accept) {
    const acceptance = parseAcceptance(flag);
    if (acceptance === undefined) {
      out.error(`--accept-host-key ${flag}: expected HOST=SHA256:FINGERPRINT`);
      return DeployExit.INVALID;
    }
    accepted.set(acceptance.host, acceptance.fingerprint);
  }
  const inputs = readInputs(description);
  if (typeof inputs === 'string') {
    out.error(inputs);
    return DeployExit.INVALID;
  }
  const bundle: Bundle = await describeBundle(options.packageRoot ?? REPO, description.includeOptional);
  out.line(`package supvisors-ts ${bundle.version}: ${bundle.files.length} files, hash ${bundle.hash.slice(0, 12)}`);
  const runs: HostRun[] = description.hosts.map((host) => ({ host, link: undefined, facts: undefined, plan: undefined, problems: [], state: 'not changed' }));
  const work = mkdtempSync(join(tmpdir(), 'supvisors-deploy-'));
  try {
    return await deployRuns(description, bundle, inputs, runs, accepted, options, out, work);
  } finally {
    for (const run of runs) run.link?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function deployRuns(
  description: DeployDescription,
  bundle: Bundle,
  inputs: { programs: string; rules: Map<string, string> },
  runs: HostRun[],
  accepted: ReadonlyMap<string, string>,
  options: DeployOptions,
  out: DeployOutput,
  work: string,
): Promise<number> {
  const ports = [description.supervisordPort, description.httpPort];
  const id = `${bundle.version}-${bundle.hash.slice(0, 12)}`;
  await Promise.all(
    runs.map(async (run) => {
      const { host } = run;
      const connected = await SshLink.connect(host, {
        knownHostsFile: description.knownHosts,
        timeoutMs: description.connectTimeoutMs,
        accepted: accepted.get(host.address) ?? accepted.get(host.name),
        agentSocket: options.agentSocket,
      });
      if (!connected.ok) {
        run.problems.push(connected.failure.message);
        run.state = { unreachable: 'unreachable', authentication: 'login refused', 'host-key-unknown': 'host key unknown', 'host-key-changed': 'HOST KEY CHANGED' }[connected.failure.kind];
        return;
      }
      run.link = connected.link;
      try {
        const probe = await connected.link.exec(probeScript(host, id, ports), { timeoutMs: 30_000 });
        run.facts = parseProbe(probe.stdout);
        run.problems.push(...hostProblems(host, run.facts));
        if (run.problems.length > 0) run.state = 'not fit';
      } catch (error) {
        run.problems.push(`probe failed: ${describeError(error)}`);
        run.state = 'probe failed';
      }
    }),
  );
  for (const run of runs) {
    const facts = run.facts;
    if (facts === undefined || run.problems.length > 0) continue;
    out.line(`${run.host.name} (${run.host.user}@${run.host.address}): ${facts.distro || facts.os}, Node.js ${facts.nodeVersion ?? '?'}, ${facts.supervisordPath ?? '?'} ${facts.supervisordVersion ?? ''}`.trimEnd());
  }
  const unfit = runs.filter((run) => run.problems.length > 0);
  if (unfit.length > 0) {
    for (const run of unfit) for (const problem of run.problems) out.error(`${run.host.name}: ${problem}`);
    out.error(`nothing changed: ${unfit.length} of ${runs.length} host(s) not ready`);
    for (const line of table(runs)) out.line(line);
    return DeployExit.FAILED;
  }
  for (const run of runs) {
    const facts = run.facts;
    if (facts === undefined) continue;
    const node = renderNode({ description, host: run.host, bundle, nodePath: facts.nodePath ?? run.host.node, programs: inputs.programs, rules: inputs.rules });
    run.plan = planHost(facts, node, bundle.version);
    const verb = options.dryRun ? 'would ' : '';
    if (run.plan.changes.length === 0) out.line(`${run.host.name}: up to date`);
    for (const change of run.plan.changes) out.line(`${run.host.name}: ${verb}${change}`);
  }
  const stalled = rollingProblem(
    runs.flatMap((run) => (run.plan === undefined ? [] : [run.plan])),
    description.supvisors,
  );
  if (stalled !== undefined) {
    out.error(`nothing changed: ${stalled}`);
    for (const line of table(runs)) out.line(line);
    return DeployExit.FAILED;
  }
  const changing = runs.filter((run) => run.plan !== undefined && run.plan.changes.length > 0);
  if (options.dryRun || changing.length === 0) {
    for (const run of runs) run.state = run.plan?.changes.length === 0 ? 'up to date' : 'would change';
    if (changing.length === 0) out.line('nothing to change');
    for (const line of table(runs)) out.line(line);
    return DeployExit.OK;
  }
  return apply(description, bundle, runs, out, work, options.signal);
}

async function apply(description: DeployDescription, bundle: Bundle, runs: HostRun[], out: DeployOutput, work: string, signal: AbortSignal | undefined): Promise<number> {
  let archive: Promise<string> | undefined;
  const packed = (): Promise<string> => (archive ??= packBundle(bundle, work));
  const ready = runs.filter((run): run is HostRun & { link: SshLink; facts: HostFacts; plan: HostPlan } => run.link !== undefined && run.facts !== undefined && run.plan !== undefined);
  const running = ready.filter((run) => run.facts.runningPid !== undefined).map((run) => run.host);
  const master = await masterName(description, running);
  let failed = false;
  const fail = (run: HostRun, error: unknown): void => {
    failed = true;
    run.state = 'FAILED';
    out.error(`${run.host.name}: ${describeError(error)}`);
  };
  await Promise.all(
    ready.map(async (run) => {
      try {
        await prepare(run.link, run.plan, packed);
        if (run.plan.upload || run.plan.write) out.line(`${run.host.name}: ${run.plan.upload ? 'package shipped, ' : ''}configuration written`);
      } catch (error) {
        fail(run, error);
      }
    }),
  );
  if (failed) {
    for (const line of table(runs)) out.line(line);
    return DeployExit.FAILED;
  }
  const { starts, rolling } = rollout(
    ready.map((run) => run.plan),
    master,
  );
  const runOf = (plan: HostPlan): (typeof ready)[number] | undefined => ready.find((run) => run.plan === plan);
  const all = description.hosts;
  const waitBack = async (run: (typeof ready)[number], others: readonly DeployHost[]): Promise<void> => {
    const start = performance.now();
    await waitFor(`${run.host.name} back in OPERATION`, () => rejoined(description, run.host, others), { timeoutMs: description.rejoinTimeoutMs, intervalMs: POLL_MS });
    await recordState(run.link, run.plan);
    await pruneVersions(run.link, run.plan, run.facts.state?.bundle);
    run.state = run.plan.restart === 'start' ? 'started' : 'restarted';
    out.line(`${run.host.name}: in OPERATION, seen RUNNING by the others (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  };
  const started = starts.map(runOf).filter((run) => run !== undefined);
  const startAll = async (): Promise<void> => {
    try {
      await Promise.all(
        started.map(async (run) => {
          out.line(`${run.host.name}: starting supervisord`);
          await restartNode(run.link, run.facts, run.plan);
        }),
      );
      await Promise.all(
        started.map((run) =>
          waitBack(
            run,
            all.filter((host) => host !== run.host),
          ),
        ),
      );
    } catch (error) {
      for (const run of started) if (run.state !== 'started') fail(run, error);
    }
  };
  // A node started beside a running cluster is known to the running nodes only once they run
  // with the new supvisors_list: the running nodes roll first, the stopped ones start after.
  if (running.length === 0) await startAll();
  for (const plan of rolling) {
    const run = runOf(plan);
    if (run === undefined || failed) continue;
    if (signal?.aborted === true) {
      failed = true;
      out.error(`interrupted: ${run.host.name} and the nodes after it left as they were (configuration written, not restarted); run again to finish`);
      continue;
    }
    try {
      out.line(`${run.host.name}: ${plan.restart === 'runtime' ? 'restarting supvisorsd' : 'restarting supervisord'}${run.host.name === master ? ' (the Master: an election follows)' : ''}`);
      await restartNode(run.link, run.facts, plan);
      await waitBack(
        run,
        running.filter((host) => host !== run.host),
      );
    } catch (error) {
      fail(run, error);
    }
  }
  if (!failed && running.length > 0) await startAll();
  for (const run of ready) if (run.plan.restart === 'none' && run.state === 'not changed') run.state = 'up to date';
  if (!failed) for (const host of all) out.line(`dashboard: http://${host.address}:${description.httpPort}/  (${host.name})`);
  for (const line of table(runs)) out.line(line);
  return failed ? DeployExit.FAILED : DeployExit.OK;
}
