#!/usr/bin/env node
/** supvisorsctl: control Supvisors from the command line (docs/cli.md); cli/main.ts does the work. */
import { runMain } from '../cli/main.js';

runMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`supvisorsctl: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
