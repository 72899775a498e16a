/**
 * The copies of a conflicting process as the conciliation strategies compare them. Each copy's
 * start and "now" are on its own instance's monotonic clock: the start as that instance stamped
 * it, now from its last heartbeat plus the time elapsed here since that heartbeat came. Uptimes
 * are then exact to a heartbeat's transit, whatever the hosts' wall clocks say, and finer than
 * Supervisor's whole-second start times: copies started a second apart no longer tie when their
 * starts fall in the same whole second as stamped, and SENICIDE / INFANTICIDE keep the right one.
 */
import type { Clock } from '../../clock/clock.js';
import type { HeartbeatRecord } from '../../cluster/instance-states.js';
import type { ProcessRecord } from '../../model/cluster-model.js';
import type { ConflictingProcess } from '../../strategies/conciliation.js';

export function conflictCopies(record: ProcessRecord, heartbeats: ReadonlyMap<string, HeartbeatRecord>, local: Clock): ConflictingProcess {
  return {
    namespec: record.namespec,
    instances: record.synthesis.runningIdentifiers.map((identifier) => {
      const info = record.infos.get(identifier);
      if (info === undefined) return { identifier, state: 'UNKNOWN', startMonotonic: 0, nowMonotonic: 0 };
      const beat = heartbeats.get(identifier);
      // No heartbeat (not expected of an instance running a copy): the whole-second epoch uptime.
      const nowMonotonic =
        beat === undefined
          ? info.startMonotonic + Math.max(0, local.epoch - info.start)
          : (beat.remote.monotonicMs + (local.monotonic * 1000 - beat.local.monotonicMs)) / 1000;
      return { identifier, state: info.state, startMonotonic: info.startMonotonic, nowMonotonic };
    }),
  };
}
