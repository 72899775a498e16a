/**
 * The actors of the cluster in one table, one row per (instance, actor): mailbox figures with
 * their thresholds coloured (and marked, for the colour-blind), a depth sparkline, sortable by
 * any column (header click, `sort` in the URL). A click on a row peeks at its queue.
 */
import type { ActorRow, RowOrder } from '../../../actors/diagnostics/actor-rows.js';
import { select } from '../../data/navigation.js';
import { PureComponent } from '../../ui/pure-component.js';
import { clickedOrder, formatOrder, formatPeek, levelOf, rateText, usText, msText, type DepthHistory, type Figure, type Level, type TableOrder } from './actors-view.js';
import { Sparkline } from './sparkline.js';

interface Column {
  readonly title: string;
  readonly order: RowOrder;
  readonly numeric: boolean;
  readonly help: string;
}

const COLUMNS: readonly Column[] = [
  { title: 'Instance', order: 'name', numeric: false, help: 'the instance, then the actor' },
  { title: 'Actor', order: 'actor', numeric: false, help: 'the actor name' },
  { title: 'Depth', order: 'depth', numeric: true, help: 'messages queued now, and over the last samples' },
  { title: 'HWM', order: 'hwm', numeric: true, help: 'high-water mark: the largest depth ever seen' },
  { title: 'Oldest', order: 'age', numeric: true, help: 'age of the oldest queued message' },
  { title: 'Handling p99', order: 'p99', numeric: true, help: 'time inside the handler, 99th percentile' },
  { title: 'Waiting p99', order: 'wait', numeric: true, help: 'time queued before handling, 99th percentile' },
  { title: 'Rate/s', order: 'rate', numeric: true, help: 'messages processed per second between the last two samples' },
  { title: 'Restarts', order: 'restarts', numeric: true, help: 'supervision restarts' },
  { title: 'Dead letters', order: 'dropped', numeric: true, help: 'messages this mailbox dropped as dead letters (overflow)' },
  { title: 'Current message', order: 'current', numeric: false, help: 'the type of the message taken last: what a busy actor is handling' },
];

const MARKS: Readonly<Record<Level, string>> = { ok: '', warning: '▲ ', critical: '◆ ' };

function Figure(props: { readonly figure: Figure; readonly value: number; readonly text: string }) {
  const level = levelOf(props.figure, props.value);
  return (
    <td class={`num level-${level}`} data-level={level}>
      {MARKS[level]}
      {props.text}
    </td>
  );
}

function Header(props: { readonly column: Column; readonly order: TableOrder }) {
  const { column, order } = props;
  const current = order.order === column.order;
  const sorted = current ? (order.descending ? 'descending' : 'ascending') : 'none';
  return (
    <th class={column.numeric ? 'num' : ''} aria-sort={sorted} colSpan={column.order === 'depth' ? 2 : 1}>
      <button class="link sort" data-sort={column.order} title={`sort by ${column.help}`} onClick={() => select({ sort: formatOrder(clickedOrder(order, column.order)) })}>
        {column.title}
        {current ? (order.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

export interface ActorTableProps {
  readonly rows: readonly ActorRow[];
  readonly order: TableOrder;
  readonly depths: DepthHistory;
  readonly nicks: ReadonlyMap<string, string>;
  /** The peeked row's key, `<identifier>/<actor>`. */
  readonly peeked: string | undefined;
}

export function ActorTable(props: ActorTableProps) {
  return (
    <table class="grid actors">
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <Header key={column.order} column={column} order={props.order} />
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => {
          const key = formatPeek({ identifier: row.node, actor: row.actor });
          const peeked = key === props.peeked;
          const toggle = (): void => select({ peek: peeked ? undefined : key });
          return (
            <tr
              key={key}
              class={peeked ? 'selected' : ''}
              data-instance={row.node}
              data-actor={row.actor}
              data-depth={row.depth}
              aria-selected={peeked}
              tabIndex={0}
              title="click: peek at its queue"
              onClick={toggle}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  toggle();
                }
              }}
            >
              <td>{props.nicks.get(row.node) ?? row.node}</td>
              <td class="actor-name">
                {row.actor}
                {row.status !== 'running' && <span class="actor-status"> ({row.status})</span>}
              </td>
              <Figure figure="depth" value={row.depth} text={String(row.depth)} />
              <td class="spark">
                <Sparkline values={props.depths.get(key) ?? []} />
              </td>
              <td class="num">{row.highWater}</td>
              <Figure figure="oldestAgeMs" value={row.oldestAgeMs} text={row.depth === 0 ? '–' : msText(row.oldestAgeMs)} />
              <Figure figure="handlingP99Us" value={row.handlingP99Us} text={usText(row.handlingP99Us)} />
              <Figure figure="waitingP99Us" value={row.waitingP99Us} text={usText(row.waitingP99Us)} />
              <td class="num">{rateText(row.ratePerS)}</td>
              <Figure figure="restarts" value={row.restarts} text={String(row.restarts)} />
              <Figure figure="dropped" value={row.dropped} text={String(row.dropped)} />
              <td class="current">{row.lastType === '' ? '–' : row.lastType}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The table rendered again only when a prop changed: a burst of cluster events leaves its 200 rows alone. */
export class PureActorTable extends PureComponent<ActorTableProps> {
  override render() {
    return <ActorTable {...this.props} />;
  }
}
