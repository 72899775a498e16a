/**
 * `help` and `help <action>`, laid out as supervisorctl's (Python's cmd module): the actions in
 * two lists, supervisorctl's ("default commands") and Supvisors' ("supvisors commands"), each a
 * title, a ruler of `=` and the names in columns (cmd.Cmd.columnize, 79 characters wide).
 * Pure formatting.
 */
import type { Command } from './command.js';

/** Actions of the shell itself, listed with supervisorctl's (default) commands. */
export const SHELL_ACTIONS = ['exit', 'quit'] as const;

const shellHelp: Readonly<Record<string, readonly string[]>> = {
  help: ['help\t\tPrint a list of available actions', 'help <action>\tPrint help for <action>'],
  exit: ['exit\tExit the supvisorsctl shell.'],
  quit: ['quit\tExit the supvisorsctl shell.'],
  EOF: ['To quit, type ^D or use the quit command'],
};

/** Python's cmd.Cmd.columnize: the fewest rows whose columns (2 spaces apart) fit in `width`. */
export function columnize(items: readonly string[], width = 79): string[] {
  if (items.length === 0) return ['<empty>'];
  if (items.length === 1) return [items[0] ?? ''];
  const size = items.length;
  let rows = size;
  let widths: number[] = [0];
  for (let nrows = 1; nrows < size; nrows += 1) {
    const ncols = Math.ceil(size / nrows);
    const colwidths: number[] = [];
    let total = -2;
    for (let col = 0; col < ncols; col += 1) {
      const column = items.slice(col * nrows, (col + 1) * nrows);
      const colwidth = Math.max(0, ...column.map((item) => item.length));
      colwidths.push(colwidth);
      total += colwidth + 2;
      if (total > width) break;
    }
    if (total <= width) {
      rows = nrows;
      widths = colwidths;
      break;
    }
  }
  const lines: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const texts: string[] = [];
    for (let col = 0; col < widths.length; col += 1) texts.push(items[row + rows * col] ?? '');
    while (texts.length > 0 && texts.at(-1) === '') texts.pop();
    lines.push(texts.map((text, col) => text.padEnd(widths[col] ?? 0)).join('  '));
  }
  return lines;
}

/** One list: an empty line, the title, its ruler, the names in columns, an empty line (cmd.Cmd.print_topics). */
function topics(title: string, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  return ['', title, '='.repeat(title.length), ...columnize(names), ''];
}

export interface HelpIndex {
  /** supervisorctl's actions (those without the Supvisors upcheck) and the shell's. */
  readonly default: readonly string[];
  readonly supvisors: readonly string[];
}

export function helpIndex(commands: readonly Command[]): HelpIndex {
  const sorted = (names: string[]): string[] => [...new Set(names)].sort();
  return {
    default: sorted([...commands.filter((command) => !command.upcheck).map((command) => command.name), ...SHELL_ACTIONS]),
    supvisors: sorted(commands.filter((command) => command.upcheck).map((command) => command.name)),
  };
}

/** `help`: both lists. */
export function helpLines(index: HelpIndex): string[] {
  return [...topics('default commands (type help <topic>):', index.default), ...topics('supvisors commands (type help <topic>):', index.supvisors)];
}

/** `help <topic>`: its usage and help lines, or undefined when there is no such topic. */
export function topicHelp(topic: string, commands: readonly Command[]): string[] | undefined {
  const command = commands.find((candidate) => candidate.name === topic);
  if (command !== undefined) return [command.usage, ...command.help];
  return Object.hasOwn(shellHelp, topic) ? [...(shellHelp[topic] ?? [])] : undefined;
}

/** supervisorctl's answer for a topic it does not know (exit status 0). */
export function noHelp(topic: string): string {
  return `*** No help on ${topic}`;
}
