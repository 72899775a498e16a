/**
 * supervisorctl's everyday commands (Supervisor 4.2), through our port: same names, arguments,
 * texts and exit codes, plus `--json`. `fg` is left out: it needs the terminal's input, which
 * a command's context does not carry.
 */
import type { Command } from '../command.js';
import { add, avail, reload, remove, reread, shutdown, update, version } from './supervisor-config.js';
import { maintail, tail } from './supervisor-logs.js';
import { clear, pid, restart, signal, start, status, stop } from './supervisor-processes.js';

export const supervisorCommands: Command[] = [status, start, stop, restart, signal, tail, maintail, clear, pid, avail, reread, update, add, remove, version, reload, shutdown];
