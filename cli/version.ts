/** The version of this package (package.json), printed by `supvisorsctl --version` and `supvisorsd --version`. */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  // Built to dist/cli/version.js: package.json is two levels up, as from cli/version.ts.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}
