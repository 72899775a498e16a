/**
 * The live feed of the page: one websocket on the node's own port, subscribed to the seven 0.19
 * headers and to our extension headers (`/events/all/process_added/application_added`,
 * docs/events.md), reopened after a close with a delay growing from 0.2 s to 5 s. Each opening calls `onOpen`
 * (the store reloads its snapshot then, so that nothing missed while closed is lost); each text
 * frame `["<header>", {body}]` is handed to `onEvent`.
 */
import { STREAM_HEADERS, subscriptionPath, type StreamHeader } from '../../events/headers.js';
import { decodeFrame } from '../model/frames.js';

export type FeedStatus = 'connecting' | 'open' | 'closed';

export interface FeedHandlers {
  readonly onOpen: () => void;
  readonly onEvent: (header: StreamHeader, body: Record<string, unknown>) => void;
  readonly onStatus: (status: FeedStatus) => void;
}

/** Every header, ours included: the page shows processes and applications as soon as they are added. */
const FEED_PATH = `/events${subscriptionPath(STREAM_HEADERS)}`;

const MIN_DELAY_MS = 200;
const MAX_DELAY_MS = 5000;

/** Opens the feed; the returned function closes it for good. */
export function openFeed(handlers: FeedHandlers): () => void {
  let socket: WebSocket | undefined;
  let delay = MIN_DELAY_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const open = (): void => {
    handlers.onStatus('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const current = new WebSocket(`${scheme}://${location.host}${FEED_PATH}`);
    socket = current;
    current.onopen = () => {
      delay = MIN_DELAY_MS;
      handlers.onStatus('open');
      handlers.onOpen();
    };
    current.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const frame = decodeFrame(message.data);
      if (frame !== undefined) handlers.onEvent(frame.header, frame.body);
    };
    current.onclose = () => {
      if (closed) return;
      handlers.onStatus('closed');
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
  };
  open();
  return () => {
    closed = true;
    if (retry !== undefined) clearTimeout(retry);
    socket?.close();
  };
}
