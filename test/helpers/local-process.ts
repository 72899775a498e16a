import type { LocalProcess } from '../../supervisor/local-process.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

/** A process as a bridge reports it: plain defaults (stopped times, no pid, /bin/<name>), `extra` over them. */
export function localProcess(group: string, name: string, state: ProcessState, extra: Partial<LocalProcess> = {}): LocalProcess {
  return {
    name,
    group,
    state,
    start: 0,
    stop: 0,
    startMonotonic: 0,
    stopMonotonic: 0,
    changedMonotonic: 0,
    pid: 0,
    exitstatus: 0,
    expected: true,
    spawnerr: '',
    extraArgs: '',
    programName: name,
    processIndex: 0,
    disabled: false,
    command: `/bin/${name}`,
    autostart: false,
    autorestart: 'unexpected',
    exitcodes: [0],
    startsecs: 1,
    stopwaitsecs: 10,
    hasStdout: true,
    hasStderr: false,
    ...extra,
  };
}
