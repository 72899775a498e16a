/**
 * The supvisorsctl shell in a real pseudo-terminal (tmux, on its own server socket), against a
 * real node: the prompt, a command's output, Tab completion of a command name and of an
 * application name fetched from the node, the history recalled with the Up arrow and kept in
 * the history file, and `exit` leaving with status 0.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { logsOnFailure, PASSWORD, REPO, startNode, USER, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const execFileAsync = promisify(execFile);
const CTL = join(REPO, 'dist', 'bin', 'supvisorsctl.js');
const PROGRAMS = `[group:my_app]\nprograms = sleeper\n\n[program:sleeper]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`;
const PROMPT = 'supvisors>';

describe('supvisorsctl shell in a terminal', function () {
  this.timeout(60_000);
  let node: TestNode | undefined;
  let dir = '';
  const socket = `supvisorsctl-test-${process.pid}`;
  /** Each test its own session: one left over by a failure does not stop the next. */
  let session = '';

  const tmux = async (...args: string[]): Promise<string> => (await execFileAsync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { timeout: 5000 })).stdout;
  const screen = (): Promise<string> => tmux('capture-pane', '-p', '-t', session);
  /** The last line of the screen with something on it: where the cursor's prompt is. */
  const lastLine = async (): Promise<string> => (await screen()).split('\n').map((line) => line.trimEnd()).filter((line) => line !== '').at(-1) ?? '';
  const keys = (...names: string[]): Promise<string> => tmux('send-keys', '-t', session, ...names);
  const count = (text: string, part: string): number => text.split(part).length - 1;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisorsctl-shell-'));
    node = await startNode({ programs: PROGRAMS });
    await node.waitRuntime();
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(async () => {
    await tmux('kill-server').catch(() => undefined);
    await node?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('prompts, runs commands, completes names, recalls the history and leaves on exit', async () => {
    session = 'ctl-1';
    const history = join(dir, 'history');
    const status = join(dir, 'status');
    const url = `http://127.0.0.1:${node?.httpPort ?? 0}`;
    const command = `cd ${REPO} && NO_COLOR=1 ${process.execPath} ${CTL} -s ${url} -u ${USER} -p ${PASSWORD} -r ${history}; echo $? > ${status}`;
    await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);

    // The shell starts with `status`, as supervisorctl's, then prompts.
    await waitFor('the prompt', async () => (await lastLine()) === PROMPT, { timeoutMs: 10_000, intervalMs: 50 });
    assert.match(await screen(), /^my_app:sleeper\s+STOPPED/m);

    await keys('sversion', 'Enter');
    await waitFor('the output of sversion, then the prompt', async () => (await screen()).includes('0.19.1\n') && (await lastLine()) === PROMPT, { timeoutMs: 10_000, intervalMs: 50 });

    await keys('sver', 'Tab');
    await waitFor('sver completed to sversion', async () => (await lastLine()) === `${PROMPT} sversion`, { timeoutMs: 5000, intervalMs: 50 });
    await keys('Enter');
    await waitFor('a second 0.19.1', async () => count(await screen(), '0.19.1\n') === 2 && (await lastLine()) === PROMPT, { timeoutMs: 10_000, intervalMs: 50 });

    await keys('application_info my', 'Tab');
    await waitFor('the application name completed', async () => (await lastLine()) === `${PROMPT} application_info my_app`, { timeoutMs: 5000, intervalMs: 50 });
    await keys('Enter');
    await waitFor('the application table', async () => /^my_app\s+STOPPED/m.test(await screen()) && (await lastLine()) === PROMPT, { timeoutMs: 10_000, intervalMs: 50 });

    await keys('Up');
    await waitFor('the previous line recalled', async () => (await lastLine()) === `${PROMPT} application_info my_app`, { timeoutMs: 5000, intervalMs: 50 });
    await keys('C-u');
    await waitFor('the line cleared', async () => (await lastLine()) === PROMPT, { timeoutMs: 5000, intervalMs: 50 });

    await keys('exit', 'Enter');
    await waitFor('supvisorsctl ended with its status written', () => existsSync(status) && readFileSync(status, 'utf8').endsWith('\n'), { timeoutMs: 10_000, intervalMs: 50 });
    assert.equal(readFileSync(status, 'utf8'), '0\n');
    // Lines as typed, a completion's trailing space included (as GNU readline keeps them).
    assert.deepEqual(readFileSync(history, 'utf8').split('\n'), ['sversion', 'sversion ', 'application_info my_app ', 'exit', '']);
  });

  it('takes its prompt and history file from -c, recalls the history of earlier runs, and leaves on Ctrl-D', async () => {
    session = 'ctl-2';
    const history = join(dir, 'history-2');
    const status = join(dir, 'status-2');
    const conf = join(dir, 'supervisord.conf');
    writeFileSync(history, 'sstate\nmaster\n');
    writeFileSync(conf, `[supervisorctl]\nserverurl = http://127.0.0.1:${node?.httpPort ?? 0}\nusername = ${USER}\npassword = ${PASSWORD}\nprompt = node-1\nhistory_file = ${history}\n`);
    const command = `cd ${REPO} && NO_COLOR=1 ${process.execPath} ${CTL} -c ${conf}; echo $? > ${status}`;
    await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
    await waitFor('the prompt of the file', async () => (await lastLine()) === 'node-1>', { timeoutMs: 10_000, intervalMs: 50 });
    await keys('Up');
    await waitFor('the last line of the history file', async () => (await lastLine()) === 'node-1> master', { timeoutMs: 5000, intervalMs: 50 });
    await keys('Up');
    await waitFor('the line before', async () => (await lastLine()) === 'node-1> sstate', { timeoutMs: 5000, intervalMs: 50 });
    await keys('C-u', 'C-d');
    await waitFor('supvisorsctl ended with its status written', () => existsSync(status) && readFileSync(status, 'utf8').endsWith('\n'), { timeoutMs: 10_000, intervalMs: 50 });
    assert.equal(readFileSync(status, 'utf8'), '0\n');
  });
});
