/** `supvisorsctl deploy` as the command line dispatches it: its usage, its help, a description with problems (exit 2, nothing contacted). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import { runMain } from '../../cli/main.js';

async function supvisorsctl(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): NodeJS.WritableStream => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => append(chunk.toString()));
    return stream;
  };
  const code = await runMain(argv, {
    io: {
      stdout: sink((text) => (stdout += text)),
      stderr: sink((text) => (stderr += text)),
      stdin: new PassThrough(),
      env: {},
      signals: new EventEmitter(),
      exit: () => undefined,
    },
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout, stderr };
}

describe('supvisorsctl deploy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-deploy-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('without a file, or with an unknown flag, prints its usage (exit 2)', async () => {
    for (const argv of [['deploy'], ['deploy', 'a.ini', '--force']]) {
      const run = await supvisorsctl(argv);
      assert.equal(run.code, 2);
      assert.match(run.stdout, /^deploy <file> \[--dry-run\] \[--accept-host-key <host>=SHA256:<fingerprint>\]\.\.\.$/m);
    }
  });

  it('is in the help', async () => {
    const run = await supvisorsctl(['help', 'deploy']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--dry-run: say what would change on each host, change nothing/);
  });

  it('reports the problems of a description, file and line, and stops (exit 2)', async () => {
    const file = join(dir, 'cluster.ini');
    writeFileSync(file, '[cluster]\nusername = admin\npassword = p\npeer_secret = short\n');
    const run = await supvisorsctl(['deploy', file, '--dry-run']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`${file.replaceAll('.', '\\.')}:4: \\[cluster\\] peer_secret: at least 16 characters`));
    assert.match(run.stderr, /no \[group:NAME\] section/);
    const missing = await supvisorsctl(['deploy', join(dir, 'absent.ini')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*absent\.ini/);
  });
});
