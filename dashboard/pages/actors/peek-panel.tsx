/**
 * The side panel of the peeked actor (`peek=<identifier>/<actor>`): its mailbox in full and its
 * first queued messages, summarized and with secrets hidden by the runtime.
 */
import type { ActorDiagnostics } from '../../../actors/core/diagnostics.js';
import { select } from '../../data/navigation.js';
import { msText, usText, type PeekTarget } from './actors-view.js';
import { PEEK_COUNT, type NodeSample } from './sampler.js';

function Mailbox(props: { readonly actor: ActorDiagnostics }) {
  const { actor } = props;
  const box = actor.mailbox;
  const entries: readonly (readonly [string, string])[] = [
    ['status', actor.status],
    ['kind', actor.kind],
    ['parent', actor.parent === '' ? '–' : actor.parent],
    ['restarts', String(actor.restarts)],
    ['mailbox', box.capacity === 0 ? 'unbounded' : `capacity ${box.capacity} (${box.overflow})`],
    ['depth', `${box.depth}, high-water ${box.highWater}`],
    ['oldest message', box.depth === 0 ? '–' : msText(box.oldestAgeMs)],
    ['messages', `${box.enqueued} enqueued, ${box.processed} processed, ${box.failed} failed`],
    ['overflow', `${box.dropped} dropped, ${box.rejected} rejected`],
    ['handling', `mean ${usText(box.handlingMeanUs)}, p99 ${usText(box.handlingP99Us)}`],
    ['waiting', `mean ${usText(box.waitingMeanUs)}, p99 ${usText(box.waitingP99Us)}`],
    ['current message', box.lastType === '' ? '–' : box.lastType],
  ];
  return (
    <dl class="mailbox">
      {entries.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {actor.health !== undefined && (
        <div>
          <dt>health</dt>
          <dd data-health>{actor.health}</dd>
        </div>
      )}
      {actor.lastFailure !== undefined && (
        <div>
          <dt>last failure</dt>
          <dd class="error">
            during {actor.lastFailure.during} at {new Date(actor.lastFailure.at).toLocaleTimeString()}: {actor.lastFailure.message}
          </dd>
        </div>
      )}
    </dl>
  );
}

export interface PeekPanelProps {
  readonly target: PeekTarget;
  readonly nick: string;
  readonly sample: NodeSample | undefined;
}

export function PeekPanel(props: PeekPanelProps) {
  const { target, sample } = props;
  const actor = sample?.snapshot?.actors.find((candidate) => candidate.name === target.actor);
  return (
    <aside class="card peek" data-peek={`${target.identifier}/${target.actor}`}>
      <header>
        <h2>
          {target.actor} <span class="muted">on {props.nick}</span>
        </h2>
        <button class="link" data-action="close-peek" title="close" onClick={() => select({ peek: undefined })}>
          ✕
        </button>
      </header>
      {sample?.snapshot === undefined ? (
        <p class="muted">{sample?.error ?? 'waiting for its diagnostics…'}</p>
      ) : actor === undefined ? (
        <p class="error">no actor {target.actor} on {props.nick}</p>
      ) : (
        <>
          <Mailbox actor={actor} />
          <h3>
            Queued messages{' '}
            <span class="muted">
              {actor.peek.length} of {actor.mailbox.depth}
              {actor.mailbox.depth > PEEK_COUNT ? ` (the first ${PEEK_COUNT})` : ''}
            </span>
          </h3>
          {actor.peek.length === 0 ? (
            <p class="muted">no queued message</p>
          ) : (
            <table class="grid queued">
              <thead>
                <tr>
                  <th class="num">#</th>
                  <th>Type</th>
                  <th class="num">Age</th>
                  <th>Summary</th>
                </tr>
              </thead>
              <tbody>
                {actor.peek.map((queued, index) => (
                  <tr key={index} data-queued={queued.type}>
                    <td class="num">{index + 1}</td>
                    <td>{queued.type}</td>
                    <td class="num">{msText(queued.ageMs)}</td>
                    <td class="summary">{queued.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </aside>
  );
}
