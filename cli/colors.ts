/**
 * The few colours of supvisorsctl's text output (only when `out.color`): state names in tables,
 * ERROR lines. Pure.
 */

const RESET = '\x1b[0m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';

// Supvisors, instance, application and process state names: what is fine, moving, wrong.
const STATE_COLORS: Readonly<Record<string, string>> = {
  OPERATION: GREEN,
  RUNNING: GREEN,
  CHECKED: GREEN,
  OFF: '',
  INITIALIZATION: YELLOW,
  SYNCHRONIZATION: YELLOW,
  ELECTION: YELLOW,
  DISTRIBUTION: YELLOW,
  CONCILIATION: YELLOW,
  RESTARTING: YELLOW,
  SHUTTING_DOWN: YELLOW,
  CHECKING: YELLOW,
  STARTING: YELLOW,
  STOPPING: YELLOW,
  BACKOFF: YELLOW,
  FATAL: RED,
  FAILED: RED,
  ISOLATED: RED,
  UNKNOWN: RED,
};

/**
 * A state name padded to its fixed column width, coloured when allowed. The padding is written
 * here because the table pads by length and the escape codes have a length but no width.
 */
export function stateCell(state: string, width: number, color: boolean): string {
  const code = STATE_COLORS[state] ?? '';
  if (!color || code === '') return state;
  return `${code}${state}${RESET}${' '.repeat(Math.max(0, width - state.length))}`;
}

export function errorText(text: string, color: boolean): string {
  return color ? `${RED}${text}${RESET}` : text;
}
