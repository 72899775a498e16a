/**
 * `events [header...]`: follows the node's event stream (docs/events.md) on its main port, one
 * line (or, with --json, one `{header, body}` document) per message, until Ctrl-C.
 */
import type { EventHandlers } from '../../client/index.js';
import { aborted } from '../abortable.js';
import { usageError } from '../report.js';
import type { Command, CommandContext } from '../command.js';
import { eventLine, parseEventsArgs, type EventMessage } from '../event-lines.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { nicknames } from '../instance-address.js';
import { failed } from './ours-errors.js';

/** The stream not open by then (refused, no answer): give up. */
const OPEN_TIMEOUT_MS = 5000;

/** The HTTP status of a refused websocket handshake (`ws` says `Unexpected server response: 404`). */
function handshakeStatus(error: Error): number | undefined {
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  return status === undefined ? undefined : Number(status);
}

async function runEvents(context: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const { out, client, signal } = context;
  const parsed = parseEventsArgs(args);
  if ('error' in parsed) return usageError(out, eventsCommand, `ERROR: ${parsed.error}`);
  let nicks: Map<string, string>;
  try {
    nicks = nicknames(await client.supvisors.get_all_instances_info());
  } catch (error) {
    return failed(out, error);
  }
  const emit = (message: EventMessage): void => {
    if (message.header === 'instance') nicks.set(message.body.identifier, message.body.nick_identifier);
    if (out.json) out.jsonLine({ header: message.header, body: message.body });
    else out.line(eventLine(message, { nicks, at: new Date(), color: out.color }));
  };
  const handlers: EventHandlers = {
    supvisors: (body) => emit({ header: 'supvisors', body }),
    instance: (body) => emit({ header: 'instance', body }),
    application: (body) => emit({ header: 'application', body }),
    process: (body) => emit({ header: 'process', body }),
    event: (body) => emit({ header: 'event', body }),
    hstats: (body) => emit({ header: 'hstats', body }),
    pstats: (body) => emit({ header: 'pstats', body }),
  };
  let opened = false;
  let lastError: Error | undefined;
  let settle: (outcome: 'open' | 'refused' | 'timeout' | 'aborted') => void = () => undefined;
  const first = new Promise<'open' | 'refused' | 'timeout' | 'aborted'>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle('timeout'), OPEN_TIMEOUT_MS);
  void aborted(signal).then(() => settle('aborted'));
  const stream = client.events({
    headers: parsed.headers,
    handlers,
    onOpen: () => {
      if (opened) out.progress('');
      opened = true;
      settle('open');
    },
    onError: (error) => {
      lastError = error;
      // 404: nothing serves /events on this port (a Python Supvisors node); 401: not ours to retry
      const status = handshakeStatus(error);
      if (!opened && (status === 404 || status === 401)) settle('refused');
    },
    // the client reconnects by itself; say so on a terminal only (not a result)
    onClose: () => {
      if (opened && !signal.aborted) out.progress('event stream lost, reconnecting...');
    },
  });
  try {
    const outcome = await first;
    if (outcome === 'aborted') return ExitCodes.SUCCESS;
    if (outcome !== 'open') {
      const where = `${client.address}/events`;
      out.error(
        lastError !== undefined && handshakeStatus(lastError) === 404
          ? `ERROR: no event stream at ${where} (the node does not serve it on this port)`
          : `ERROR: cannot open the event stream at ${where}: ${lastError?.message ?? 'no answer'}`,
      );
      return ExitCodes.GENERIC;
    }
    await aborted(signal);
    return ExitCodes.SUCCESS;
  } finally {
    clearTimeout(timer);
    await stream.close();
  }
}

export const eventsCommand: Command = {
  name: 'events',
  usage: 'events [<header>...]',
  help: [
    'Not in Python Supvisors. Follows the event stream of the node until Ctrl-C, one line per message.',
    'Headers: supvisors, instance, application, process, event, hstats, pstats (or Python\'s names:',
    'process_status, process_event, host_statistics, process_statistics), all for every one;',
    'default: all but the statistics. --json: one {"header": ..., "body": ...} line per message.',
  ],
  args: ['event-header'],
  upcheck: true,
  run: runEvents,
};
