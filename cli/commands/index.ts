/** Every supvisorsctl command, by family (docs/cli.md). */
import type { Command } from '../command.js';
import { applicationCommands } from './applications.js';
import { ourCommands } from './ours.js';
import { processCommands } from './processes.js';
import { supervisorCommands } from './supervisor.js';
import { controlCommands } from './supvisors-control.js';
import { statusCommands } from './supvisors-status.js';

export const commands: readonly Command[] = [...statusCommands, ...controlCommands, ...applicationCommands, ...processCommands, ...supervisorCommands, ...ourCommands];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
