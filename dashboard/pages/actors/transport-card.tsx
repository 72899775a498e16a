/**
 * One instance's compact card: its actors and dead letters, how late its event loop runs (over
 * the last window, and as its heartbeat timers saw it) and its transport per peer: link state,
 * round trip, the age of the last heartbeat heard and the frames queued to send.
 */
import type { PeerFigures } from '../../../actors/diagnostics/snapshot-reading.js';
import { bytesText, levelOf, msText, type Figure, type Level } from './actors-view.js';
import type { NodeSample } from './sampler.js';

function Marked(props: { readonly figure: Figure; readonly value: number; readonly text: string }) {
  const level: Level = levelOf(props.figure, props.value);
  return (
    <span class={`level-${level}`} data-level={level}>
      {level === 'critical' ? '◆ ' : level === 'warning' ? '▲ ' : ''}
      {props.text}
    </span>
  );
}

function PeerRow(props: { readonly peer: PeerFigures; readonly nick: string }) {
  const { peer } = props;
  return (
    <tr data-peer={peer.identifier} data-rtt={peer.rttMs} data-state={peer.state}>
      <td>{props.nick}</td>
      <td class={`link-state ${peer.state}`}>{peer.state}</td>
      <td class="num" title={`smoothed ${msText(peer.rttAvgMs)}`}>
        <Marked figure="rttMs" value={peer.rttMs} text={msText(peer.rttMs)} />
      </td>
      <td class="num">{peer.lastHeardAgeMs === undefined ? '–' : <Marked figure="lastHeardAgeMs" value={peer.lastHeardAgeMs} text={msText(peer.lastHeardAgeMs)} />}</td>
      <td class="num" title={bytesText(peer.queuedBytes)}>
        <Marked figure="queuedFrames" value={peer.queuedFrames} text={String(peer.queuedFrames)} />
      </td>
    </tr>
  );
}

export interface TransportCardProps {
  readonly identifier: string;
  readonly nick: string;
  readonly sample: NodeSample;
  readonly nicks: ReadonlyMap<string, string>;
}

export function TransportCard(props: TransportCardProps) {
  const { snapshot, error } = props.sample;
  const peers = snapshot?.peers;
  const lagMs = Math.max(0, ...(peers ?? []).map((peer) => peer.maxLagMs));
  const lateTicks = (peers ?? []).reduce((total, peer) => total + peer.lateTicks, 0);
  const reasons = Object.entries(snapshot?.deadLetters.byReason ?? {}).map(([reason, count]) => `${reason}: ${count}`);
  return (
    <section class="card transport" data-instance-card={props.identifier}>
      <h3>{props.nick}</h3>
      {error !== undefined && <p class="error">{error}</p>}
      {snapshot === undefined ? (
        <p class="muted">waiting for its diagnostics…</p>
      ) : (
        <>
          <p class="figures">
            <span>{snapshot.actors.length} actors</span>
            <span title={reasons.join(', ') || 'none'}>{snapshot.deadLetters.total} dead letters</span>
            <span>up {msText(snapshot.uptimeS * 1000)}</span>
          </p>
          {snapshot.eventLoop !== undefined && (
            <p class="figures" data-event-loop={snapshot.eventLoop.p99Ms} title={`how late this node's event loop ran, over the last ${snapshot.eventLoop.windowS} s: every actor and link waits that long`}>
              <span>
                event loop delay: p50 <Marked figure="lagMs" value={snapshot.eventLoop.p50Ms} text={msText(snapshot.eventLoop.p50Ms)} />
              </span>
              <span>
                p99 <Marked figure="lagMs" value={snapshot.eventLoop.p99Ms} text={msText(snapshot.eventLoop.p99Ms)} />
              </span>
              <span>
                max <Marked figure="lagMs" value={snapshot.eventLoop.maxMs} text={msText(snapshot.eventLoop.maxMs)} />
              </span>
            </p>
          )}
          {snapshot.memory !== undefined && (
            <p class="figures" data-memory={snapshot.memory.rssMiB} title="this node's runtime: its resident memory, its V8 heap (used of committed) and the memory its objects hold outside the heap">
              <span>memory: {bytesText(snapshot.memory.rssMiB * 1024 * 1024)} resident</span>
              <span>
                heap {bytesText(snapshot.memory.heapUsedMiB * 1024 * 1024)} of {bytesText(snapshot.memory.heapTotalMiB * 1024 * 1024)}
              </span>
              <span>outside the heap {bytesText(snapshot.memory.externalMiB * 1024 * 1024)}</span>
            </p>
          )}
          {peers === undefined ? (
            <p class="muted">its answer has no peer links</p>
          ) : (
            <>
              <p class="figures" title="how late this node's heartbeat timers ran since its links came up">
                <span>
                  heartbeats: worst lag <Marked figure="lagMs" value={lagMs} text={msText(lagMs)} />
                </span>
                <span>{lateTicks} late ticks</span>
              </p>
              <table class="grid peers">
                <thead>
                  <tr>
                    <th>Peer</th>
                    <th>Link</th>
                    <th class="num">Round trip</th>
                    <th class="num">Last heard</th>
                    <th class="num">Queued</th>
                  </tr>
                </thead>
                <tbody>
                  {peers.map((peer) => (
                    <PeerRow key={peer.identifier} peer={peer} nick={props.nicks.get(peer.identifier) ?? peer.identifier} />
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
