/** Our own commands, not in Python Supvisors (docs/cli.md): actor diagnostics, events, logs, deploy (docs/deploy.md). */
import type { Command } from '../command.js';
import { actorsCommand, peekCommand } from './actors.js';
import { deployCommand } from './deploy.js';
import { eventsCommand } from './events.js';
import { logsCommand } from './logs.js';

export { actorsCommand, eventsCommand, logsCommand, peekCommand };

export const ourCommands: Command[] = [actorsCommand, peekCommand, eventsCommand, logsCommand, deployCommand];
