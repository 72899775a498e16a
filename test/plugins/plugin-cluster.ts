/**
 * One real 3-node cluster for a test file of plugins: a fresh folder with the rules file, the
 * plugins given (files, or sources the suite writes there), started before the file's tests and
 * in OPERATION, its logs shown after a failed test, stopped by PID and its folder removed after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterLogsOnFailure, startCluster, type Cluster } from '../helpers/cluster.js';

export interface PluginClusterOptions {
  readonly programs: string;
  readonly rules: string;
  /** The plugin files, given the suite's folder (where a test may write its own modules). */
  readonly plugins: (dir: string) => readonly string[];
  /** More `[supvisors]` lines. */
  readonly supvisors?: string;
  /** Variables of the nodes' environment, given the suite's folder: set while they start, restored after the file. */
  readonly env?: (dir: string) => Readonly<Record<string, string>>;
}

export interface PluginCluster {
  readonly cluster: Cluster;
  readonly dir: string;
}

/** Writes `sources` (file name → module text) into `dir` and answers their paths. */
export function writePlugins(dir: string, sources: Readonly<Record<string, string>>): string[] {
  return Object.entries(sources).map(([file, text]) => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  });
}

export function pluginClusterSuite(options: PluginClusterOptions): () => PluginCluster {
  let started: PluginCluster | undefined;
  let dir: string | undefined;
  const saved = new Map<string, string | undefined>();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-plugins-'));
    const rulesFile = join(dir, 'rules.xml');
    writeFileSync(rulesFile, options.rules);
    for (const [name, value] of Object.entries(options.env?.(dir) ?? {})) {
      saved.set(name, process.env[name]);
      // supervisord, then supvisorsd and the plugins' worker threads, inherit it
      process.env[name] = value;
    }
    const supvisors = [`rules_files = ${rulesFile}`, `plugins = ${options.plugins(dir).join(' ')}`, options.supvisors ?? ''].join('\n');
    const cluster = await startCluster(3, { programs: () => options.programs, supvisors });
    started = { cluster, dir };
    await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, started?.cluster);
  });
  after(async () => {
    await started?.cluster.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (started === undefined) throw new Error('the plugin cluster is not started');
    return started;
  };
}
