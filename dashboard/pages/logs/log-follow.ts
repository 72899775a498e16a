/**
 * Following a log, two ways. On the serving node: supervisord's own streaming tail passed
 * through our port (`/logtail/<namespec>[/stderr]`, `/mainlogtail`), read as it comes with
 * fetch and a ReadableStream. On another instance: supvisors.tail_process_log through the
 * serving node (one origin), asked again every second from the last offset while the page is
 * visible, so that only new bytes travel. A log is content, not state: there is no event for
 * it, and reading it again each second is how supervisorctl's `tail -f` follows it too.
 */
import { call, failureText } from '../../data/api.js';
import { streamPath, type LogTarget } from './log-target.js';
import { KEPT, type LogPiece } from './log-text.js';

export interface Follower {
  stop(): void;
}

export interface FollowHandlers {
  /** The log's last bytes, read once at the start. */
  readonly first: (piece: LogPiece) => void;
  /** More of the log, as it comes. */
  readonly more: (piece: LogPiece | string) => void;
  readonly failed: (text: string) => void;
}

const POLL_MS = 1000;

const readPiece = (target: LogTarget, offset: number): Promise<LogPiece> => call('supvisors.tail_process_log', target.identifier, target.namespec, target.stream, offset, KEPT);

/** The serving node's log: its last 64 KiB, then supervisord's stream from there. */
export function followLocal(target: LogTarget, handlers: FollowHandlers): Follower {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    handlers.first(await readPiece(target, 0));
    const response = await fetch(streamPath(target), { signal: abort.signal, credentials: 'same-origin' });
    if (!response.ok || response.body === null) throw new Error(`${streamPath(target)}: HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('supervisord ended the tail');
      handlers.more(value);
    }
  };
  run().catch((thrown: unknown) => {
    if (!abort.signal.aborted) handlers.failed(failureText(thrown));
  });
  return { stop: () => abort.abort() };
}

/** Another instance's log: tail_process_log from the last offset, every second while the page is visible. */
export function followRemote(target: LogTarget, handlers: FollowHandlers): Follower {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let offset: number | undefined;
  let reading = false;
  const tick = async (): Promise<void> => {
    timer = undefined;
    if (stopped || reading || document.hidden) return;
    reading = true;
    try {
      const piece = await readPiece(target, offset ?? 0);
      if (stopped) return;
      if (offset === undefined) handlers.first(piece);
      else handlers.more(piece);
      offset = piece.offset;
    } catch (thrown) {
      if (!stopped) handlers.failed(failureText(thrown));
    }
    reading = false;
    if (!stopped && !document.hidden) timer = setTimeout(() => void tick(), POLL_MS);
  };
  const onVisibility = (): void => {
    if (!document.hidden && timer === undefined) void tick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  void tick();
  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
