import type { Command } from '../command.js';

// Written by the commands' author.
export const statusCommands: Command[] = [];
