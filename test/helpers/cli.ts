import { SupvisorsClient } from '../../client/index.js';
import type { Command } from '../../cli/command.js';
import type { ExitCode } from '../../cli/exit-codes.js';
import { StreamOutput } from '../../cli/output.js';
import { PASSWORD, USER } from './supervisord.js';

export interface CommandRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's lines, trailing empty line left out. */
  readonly lines: string[];
}

/** Runs one command against the node at `port` (credentials of the test helpers), output captured. */
export async function runCommand(command: Command, port: number, args: readonly string[], options: { json?: boolean; signal?: AbortSignal } = {}): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const output = new StreamOutput({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, options.json === true, false);
  const connect = (url: string): SupvisorsClient => new SupvisorsClient({ url, username: USER, password: PASSWORD });
  const client = connect(`http://127.0.0.1:${port}`);
  try {
    const code = await command.run({ client, connect, out: output, signal: options.signal ?? new AbortController().signal }, args);
    output.finish();
    return { code, stdout, stderr, lines: stdout.split('\n').filter((line, index, all) => index < all.length - 1 || line !== '') };
  } finally {
    client.close();
  }
}
