/** The logs of a local node, read from its folder: supervisord's and the runtime's (its event listener's stderr). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file's text, '' when it is not written yet. */
function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export const runtimeLog = (dir: string): string => readLog(join(dir, 'supvisorsd.log'));
export const supervisordLog = (dir: string): string => readLog(join(dir, 'supervisord.log'));

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
