/**
 * supvisorsd under a real supervisord with the documented listener section (startsecs = 0,
 * autorestart = unexpected, exitcodes = 78; docs/configuration.md "Setting up a node"): a
 * configuration error stops the restarts, a crash is still restarted at once, and the program
 * names of the rules are checked against the live supervisord.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStruct, type XmlRpcStruct } from '../../xmlrpc/values.js';
import { EXIT_CONFIG } from '../../bin/check.js';
import { logsOnFailure, startNode, SUPVISORSD, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

async function listenerInfo(node: TestNode): Promise<XmlRpcStruct> {
  const info = await node.supervisor.call('supervisor.getProcessInfo', ['supvisors']);
  assert.ok(isStruct(info));
  return info;
}

function supervisordLog(node: TestNode): string {
  return readFileSync(join(node.dir, 'supervisord.log'), 'utf8');
}

function check(confFile: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SUPVISORSD, '-c', confFile, '--check'], { timeout: 20_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr });
    });
  });
}

describe('supvisorsd as supervisord event listener: configuration errors and crashes', function () {
  this.timeout(60_000);
  let node: TestNode | undefined;
  let rulesDir: string;
  before(() => {
    rulesDir = mkdtempSync(join(tmpdir(), 'supvisors-listener-rules-'));
  });
  after(() => rmSync(rulesDir, { recursive: true, force: true }));
  afterEach(async function () {
    logsOnFailure(this, node);
    await node?.stop();
    node = undefined;
  });

  it('a rules file that is not well-formed XML: the runtime refuses to start, exits 78, and supervisord leaves it EXITED with the reason in its log', async () => {
    const rules = join(rulesDir, 'broken.xml');
    writeFileSync(rules, '<root>\n<application name="web">\n</root>\n');
    node = await startNode({ supvisors: `rules_files = ${rules}` });
    const started = node;
    await waitFor(
      'the listener EXITED with status 78',
      async () => {
        const info = await listenerInfo(started);
        return info['statename'] === 'EXITED' && info['exitstatus'] === EXIT_CONFIG;
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    // Each XML-RPC request wakes supervisord's loop, which then runs every process transition:
    // a respawn would have happened by the second answer (EXITED -> STARTING is immediate).
    const exited = await listenerInfo(started);
    await listenerInfo(started);
    const later = await listenerInfo(started);
    assert.equal(later['statename'], 'EXITED');
    assert.equal(later['pid'], 0);
    assert.equal(later['start'], exited['start']);
    assert.equal(supervisordLog(started).match(/spawned: 'supvisors'/g)?.length, 1, supervisordLog(started));
    assert.match(supervisordLog(started), /exited: supvisors \(exit status 78; expected\)/);
    assert.match(started.runtimeLog(), /supvisorsd: invalid rules \(1 file unusable\):\nrules: .*broken\.xml:3: not well-formed XML/);
  });

  it('kill -9 of a healthy runtime: supervisord starts a new one at once, and events reach it', async () => {
    node = await startNode({ programs: '[program:idle]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n' });
    const started = node;
    await started.waitRuntime();
    await started.killRuntime();
    assert.equal(supervisordLog(started).match(/spawned: 'supvisors'/g)?.length, 2);
    assert.match(supervisordLog(started), /exited: supvisors \(terminated by SIGKILL; not expected\)/);
    // Only an event can tell the new runtime about this start (no periodic resync under supervisord).
    await started.supervisor.call('supervisor.startProcess', ['idle']);
    await waitFor(
      'the new runtime seeing idle RUNNING',
      async () => {
        const infos = await started.api.call('supvisors.get_all_local_process_info');
        return Array.isArray(infos) && infos.some((info) => isStruct(info) && info['name'] === 'idle' && info['statename'] === 'RUNNING');
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  });

  it('programs the rules name that supervisord lacks, and an autorestart against its running-failure strategy: warnings at start and from --check, which passes', async () => {
    const rules = join(rulesDir, 'names.xml');
    writeFileSync(rules, '<root>\n<application name="web">\n<programs><program name="wbe"/></programs>\n<running_failure_strategy>STOP_APPLICATION</running_failure_strategy></application>\n<application name="ghost"/>\n</root>\n');
    node = await startNode({ supvisors: `rules_files = ${rules}`, programs: '[program:web]\ncommand = sleep 1000\nstartsecs = 0\n' });
    const started = node;
    await started.waitRuntime();
    await waitFor('the warnings in the runtime log', () => /;WARN;rules: .*names\.xml:5: application 'ghost' is not a group of supervisord/.test(started.runtimeLog()), { timeoutMs: 10_000, intervalMs: 50 });
    assert.match(started.runtimeLog(), /;WARN;rules: .*names\.xml:3: program 'wbe' is not a process of 'web' in supervisord/);
    const autorestart = /program 'web' of 'web': autorestart = unexpected spawns it again after a crash, against its running_failure_strategy STOP_APPLICATION \(Supvisors then stops the new spawn\); set autorestart = false/;
    assert.match(started.runtimeLog(), new RegExp(`;WARN;rules: ${autorestart.source}`));
    const checked = await check(started.confFile);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stderr, /warning: rules: .*names\.xml:3: program 'wbe' is not a process of 'web' in supervisord/);
    assert.match(checked.stderr, /warning: rules: .*names\.xml:5: application 'ghost' is not a group of supervisord/);
    assert.match(checked.stderr, new RegExp(`warning: rules: ${autorestart.source}`));
    assert.match(checked.stderr, /configuration OK/);
  });
});
