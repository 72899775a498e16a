#!/usr/bin/env node
/**
 * npm run demo: one supvisorsd runtime on loopback with its diagnostics; Ctrl-C stops it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

const port = await freePort();
const daemon = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'supvisorsd.js'), '--http-port', String(port), '--node', 'demo'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
await waitUntilUp(`${base}/diagnostics`, 10_000);
console.log(`node demo: ${base}  (actor diagnostics: ${base}/diagnostics.txt, JSON: ${base}/diagnostics)`);
console.log('Ctrl-C stops the demo.');
const stop = (): void => {
  daemon.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
daemon.once('exit', (code) => process.exit(code ?? 0));
