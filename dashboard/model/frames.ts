/** The event stream's text frames (docs/events.md): `["<header>", {body}]`, 0.19's headers and ours. Pure. */
import { isStreamHeader, type StreamHeader } from '../../events/headers.js';

/** The header and body of a frame; undefined for anything else (ignored by the page). */
export function decodeFrame(text: string): { header: StreamHeader; body: Record<string, unknown> } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [header, body] = parsed as [unknown, unknown];
  if (typeof header !== 'string' || !isStreamHeader(header) || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return { header, body: body as Record<string, unknown> };
}
