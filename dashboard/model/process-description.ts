/**
 * A process's description as Supervisor writes it (rpcinterface `_interpretProcessInfo`), kept
 * live in the page: the rows the event stream updates carry no description, and an uptime
 * ticks. Pure: the row's state, pid and times, and the time now (epoch seconds).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number): string => String(value).padStart(2, '0');

/** `h:mm:ss`, with `N days, ` before it past a day (Python's timedelta). */
export function uptimeText(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const days = Math.floor(whole / 86400);
  const rest = whole % 86400;
  const clock = `${Math.floor(rest / 3600)}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days === 0 ? clock : `${days} day${days === 1 ? '' : 's'}, ${clock}`;
}

/** `%b %d %I:%M %p` of a local time, as Supervisor prints a stop date. */
export function stopDateText(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const hours = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  return `${MONTHS[date.getMonth()] ?? ''} ${pad(date.getDate())} ${pad(hours)}:${pad(date.getMinutes())} ${date.getHours() < 12 ? 'AM' : 'PM'}`;
}

export interface DescribedProcess {
  readonly statename: string;
  readonly pid: number;
  /** Epoch seconds; 0 when never started. */
  readonly start: number;
  readonly stop: number;
  readonly spawnerr: string;
  readonly namespec: string;
}

export function describeProcess(process: DescribedProcess, nowSeconds: number): string {
  switch (process.statename) {
    case 'RUNNING':
    case 'STOPPING':
      return `pid ${process.pid}, uptime ${uptimeText(nowSeconds - process.start)}`;
    case 'FATAL':
    case 'BACKOFF':
      return process.spawnerr !== '' ? process.spawnerr : `unknown error (try "tail ${process.namespec}")`;
    case 'STOPPED':
    case 'EXITED':
      return process.start === 0 ? 'Not started' : stopDateText(process.stop);
    default:
      return '';
  }
}
