import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The small JSON state files of a node (disabilities, numprocs): read leniently (a missing or
 * non-object file is an empty object, as Supvisors does), written atomically (temp file +
 * rename) with parent folders created.
 */
export function readJsonObject(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A file that already holds the same text is left alone: every resync (every start) saves the disabilities again. */
export function writeJsonObject(path: string, value: Record<string, unknown>): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (currentText(path) === text) return;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function currentText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
