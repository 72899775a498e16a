/**
 * The supvisorsctl shell, as supervisorctl's: a prompt (`supvisors> `, or the `[supervisorctl]`
 * prompt option followed by `> `), one command per line, errors printed and the shell going on;
 * `exit`, `quit`, end of input (Ctrl-D) or Ctrl-C at the prompt leave it. Lines typed while a
 * command runs are queued and run in order, as a terminal buffers them for supervisorctl.
 *
 * node:readline gives line editing, Tab completion (cli/completion.ts) and a history kept in the
 * history file (`-r` or `history_file`): read at start, rewritten at each new line, bounded to
 * HISTORY_SIZE lines, oldest first as GNU readline writes it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Completer } from './completion.js';
import { Interrupts } from './interrupts.js';

export const HISTORY_SIZE = 1000;

/** The history file's text as readline's `history` option wants it: newest first, bounded. */
export function historyFromText(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-HISTORY_SIZE)
    .reverse();
}

/** readline's history (newest first) as the file's text (oldest first). */
export function historyToText(history: readonly string[]): string {
  const lines = history.slice(0, HISTORY_SIZE).reverse();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function readHistory(file: string): string[] {
  try {
    return historyFromText(readFileSync(file, 'utf8'));
  } catch {
    // No history yet (or unreadable): supervisorctl ignores it too.
    return [];
  }
}

export interface ShellOptions {
  readonly prompt: string;
  readonly historyFile?: string;
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Where a SIGINT sent as a signal comes from (a terminal's Ctrl-C is a key read by readline). */
  readonly signals: NodeJS.EventEmitter;
  readonly completer: Completer;
  /** Lines run before the first prompt (supervisorctl starts with `status`). */
  readonly first: readonly string[];
  /** Runs one line; `quit` leaves the shell. */
  readonly run: (line: string, signal: AbortSignal) => Promise<{ readonly quit: boolean }>;
  /** A second Ctrl-C during a command: end the process at once. */
  readonly exit: () => void;
}

/** Runs the shell until it is left; resolves then. */
export function runShell(options: ShellOptions): Promise<void> {
  const { input, output, completer } = options;
  const terminal = input.isTTY === true && output.isTTY === true;
  const rl = createInterface({
    input,
    output,
    terminal,
    prompt: options.prompt,
    historySize: HISTORY_SIZE,
    history: options.historyFile === undefined ? [] : readHistory(options.historyFile),
    completer: (line: string, callback: (error: null, result: [string[], string]) => void) => {
      completer.complete(line).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  const { historyFile } = options;
  if (historyFile !== undefined) {
    rl.on('history', (history: string[]) => {
      try {
        writeFileSync(historyFile, historyToText(history));
      } catch {
        // An unwritable history file does not stop the shell (supervisorctl ignores it too).
      }
    });
  }

  return new Promise<void>((resolve) => {
    const queue: string[] = [...options.first];
    const interrupts = new Interrupts();
    let running = false;
    let inputEnded = false;
    let finished = false;

    const finish = (): void => {
      if (finished) return;
      finished = true;
      options.signals.off('SIGINT', onInterrupt);
      rl.close();
      resolve();
    };

    // supervisorctl prints an empty line on EOF and on Ctrl-C at the prompt, then leaves.
    const leave = (): void => {
      if (finished) return;
      output.write('\n');
      finish();
    };

    const pump = async (): Promise<void> => {
      if (running || finished) return;
      running = true;
      for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
        const signal = interrupts.begin();
        try {
          if ((await options.run(line, signal)).quit) {
            finish();
            return;
          }
        } finally {
          interrupts.end();
        }
      }
      running = false;
      if (inputEnded) leave();
      else rl.prompt();
    };

    function onInterrupt(): void {
      const outcome = interrupts.interrupt();
      if (outcome === 'exit') options.exit();
      else if (outcome === 'idle') leave();
    }

    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    rl.on('close', () => {
      inputEnded = true;
      if (!running) leave();
    });
    rl.on('SIGINT', onInterrupt);
    options.signals.on('SIGINT', onInterrupt);
    void pump();
  });
}
