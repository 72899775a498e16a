/**
 * supervisord's log pages through our port: supervisorctl's `tail -f` and `maintail` pointed
 * at supvisorsd follow the logs, behind the port's authentication.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { basic } from '../helpers/http-client.js';
import { PASSWORD, loneNodeSuite, USER, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:ticker]
command = sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'
startsecs = 0
`;

describe('supervisord log pages through our port', function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;
  before(() => {
    node = started();
  });

  it("supervisorctl tail -f follows a process's log through our port", async () => {
    const { httpPort } = node;
    const child = spawn('supervisorctl', ['-s', `http://127.0.0.1:${httpPort}`, '-u', USER, '-p', PASSWORD, 'tail', '-f', 'ticker'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor('ticks printed', () => /tick \d+/.test(output), { timeoutMs: 10_000, intervalMs: 20 });
      const first = Math.max(...[...output.matchAll(/tick (\d+)/g)].map((match) => Number(match[1])));
      await waitFor('later ticks followed', () => [...output.matchAll(/tick (\d+)/g)].some((match) => Number(match[1]) > first + 2), { timeoutMs: 10_000, intervalMs: 20 });
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    }
  });

  it("supervisorctl maintail shows supervisord's log through our port", async () => {
    const { stdout, code } = await (node).ctlRuntime('maintail');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /supervisord started with pid/);
  });

  it('asks for the credentials of the port, and passes supervisord’s answer for an unknown name', async () => {
    const base = `http://127.0.0.1:${(node).httpPort}`;
    for (const path of ['/logtail/ticker', '/mainlogtail']) {
      const refused = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
      await refused.arrayBuffer();
      assert.equal(refused.status, 401, path);
    }
    const unknown = await fetch(`${base}/logtail/nope`, { headers: basic(`${USER}:${PASSWORD}`), signal: AbortSignal.timeout(5000) });
    await unknown.arrayBuffer();
    assert.equal(unknown.status, 404);
  });
});
