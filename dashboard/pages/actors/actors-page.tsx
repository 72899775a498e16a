/**
 * The Actors page (`/actors`, ours): every RUNNING instance's actors in one table, sampled every
 * 2 s while the page is shown (sampler.ts), with their rates, depth sparklines and thresholds;
 * per instance a card with its event-loop lag and transport; the peeked actor's queue aside.
 * URL: `sort` (`-depth`), `instance` (an identifier: only its actors), `peek` (`<identifier>/<actor>`).
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { actorRows, sortRows } from '../../../actors/diagnostics/actor-rows.js';
import { select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { PureActorTable } from './actor-table.js';
import { isReversed, parseOrder, parsePeek, SAMPLE_PERIOD_MS, type PeekTarget } from './actors-view.js';
import { PeekPanel } from './peek-panel.js';
import { actorsSample, Sampler } from './sampler.js';
import { TransportCard } from './transport-card.js';
import './actors.css';

export function ActorsPage(props: PageProps) {
  const { query } = props.route;
  // the table renders again only when its own props change (not on every cluster event): they are kept identical meanwhile
  const order = useMemo(() => parseOrder(query['sort']), [query['sort']]);
  const peek = parsePeek(query['peek']);
  const filter = query['instance'];
  // the sampler reads the peeked actor at each round; the ref spares restarting it on a click
  const peekRef = useRef<PeekTarget | undefined>(peek);
  peekRef.current = peek;
  const sampler = useMemo(() => new Sampler(() => peekRef.current), []);
  // a new peek: its queue now rather than at the next round (before the start below: nothing at the first render)
  useEffect(() => sampler.refresh(), [sampler, query['peek']]);
  useEffect(() => {
    sampler.start();
    return () => sampler.stop();
  }, [sampler]);

  const view = cluster.value;
  const sample = actorsSample.value;
  const nicks = useMemo(() => new Map([...view.instances.values()].map((instance) => [instance.identifier, instance.nick_identifier])), [view.instances]);
  const rows = useMemo(() => {
    const all = [...sample.nodes].flatMap(([identifier, node]) => (node.snapshot === undefined || (filter !== undefined && filter !== identifier) ? [] : actorRows(node.snapshot, node.previous)));
    return sortRows(all, order.order, isReversed(order));
  }, [sample.nodes, filter, order]);

  if (view.supvisors === undefined) return <p class="placeholder">loading…</p>;
  const sampled = [...sample.nodes.keys()];
  return (
    <div class={`actors-page ${peek === undefined ? '' : 'peeking'}`}>
      <div class="toolbar">
        <span class="choices" role="group" aria-label="instance">
          <button aria-pressed={filter === undefined} data-instance-filter="" onClick={() => select({ instance: undefined })}>
            all instances
          </button>
          {sampled.map((identifier) => (
            <button key={identifier} aria-pressed={filter === identifier} data-instance-filter={identifier} onClick={() => select({ instance: identifier })}>
              {nicks.get(identifier) ?? identifier}
            </button>
          ))}
        </span>
        <span class="apart muted" data-rounds={sample.rounds}>
          {rows.length} actors · sampled every {SAMPLE_PERIOD_MS / 1000} s while shown
        </span>
      </div>
      <div class="cards transports">
        {sampled
          .filter((identifier) => filter === undefined || filter === identifier)
          .map((identifier) => {
            const node = sample.nodes.get(identifier);
            return node === undefined ? null : <TransportCard key={identifier} identifier={identifier} nick={nicks.get(identifier) ?? identifier} sample={node} nicks={nicks} />;
          })}
      </div>
      <div class="actors-body">
        <div class="actors-table">
          {sample.rounds === 0 ? <p class="placeholder">sampling the actors…</p> : <PureActorTable rows={rows} order={order} depths={sample.depths} nicks={nicks} peeked={query['peek']} />}
        </div>
        {peek !== undefined && <PeekPanel target={peek} nick={nicks.get(peek.identifier) ?? peek.identifier} sample={sample.nodes.get(peek.identifier)} />}
      </div>
    </div>
  );
}
