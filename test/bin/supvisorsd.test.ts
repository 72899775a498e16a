import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { waitFor } from '../helpers/wait.js';

describe('supvisorsd', () => {
  let daemon: ChildProcess | undefined;
  afterEach(async () => {
    if (daemon?.exitCode === null) {
      daemon.kill('SIGKILL');
      await once(daemon, 'exit');
    }
  });

  it('serves diagnostics over HTTP, dumps them on SIGUSR2 and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/bin/supvisorsd.js', '--http-port', '0', '--node', 'probe'], { stdio: ['ignore', 'pipe', 'pipe'] });
    daemon = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor('listening line', () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1] ?? '';
    const response = await fetch(`${url}/diagnostics`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { node: string; actors: unknown[]; deadLetters: { total: number } };
    assert.equal(body.node, 'probe');
    assert.ok(Array.isArray(body.actors));
    assert.equal((await fetch(`${url}/nowhere`)).status, 404);
    child.kill('SIGUSR2');
    await waitFor('diagnostics dump', () => stderr.includes('actor system probe:'));
    assert.match(stderr, /;INFO;actor system probe: \d+ actors/);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('refuses bad arguments with a clear message', async () => {
    const child = spawn(process.execPath, ['dist/bin/supvisorsd.js', '--http-port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    daemon = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /--http-port: expected an integer in 0\.\.65535, got eighty/);
  });
});
