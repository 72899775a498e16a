/**
 * The discovery datagram (protocol.md §8): one UDP datagram, no length prefix, UTF-8 JSON
 * `[4, {identifier, nick_identifier, host_id, http_port, stereotypes}]`, as Python Supvisors
 * multicasts it. The receiver takes the host from the datagram's source address, not from the
 * payload, as Supvisors does.
 */
import type { DiscoveredInstance } from '../../cluster/instances.js';
import { failure, success, type Outcome } from '../../cluster/outcome.js';

/** NotificationHeaders.DISCOVERY. */
export const DISCOVERY_HEADER = 4;
/** Supvisors' receive buffer: longer datagrams are truncated there, refused here. */
export const MAX_DATAGRAM_BYTES = 1024;

export interface Announcement {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly hostId: string;
  readonly httpPort: number;
  readonly stereotypes: readonly string[];
}

export function encodeDatagram(announcement: Announcement): Buffer {
  const { identifier, nickIdentifier, hostId, httpPort, stereotypes } = announcement;
  return Buffer.from(
    JSON.stringify([DISCOVERY_HEADER, { identifier, nick_identifier: nickIdentifier, host_id: hostId, http_port: httpPort, stereotypes }]),
    'utf8',
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;

/** The instance announced by a datagram received from `sourceAddress`, or why it is refused. */
export function decodeDatagram(datagram: Buffer, sourceAddress: string): Outcome<DiscoveredInstance, string> {
  if (datagram.length > MAX_DATAGRAM_BYTES) return failure(`datagram of ${datagram.length} bytes (at most ${MAX_DATAGRAM_BYTES})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(datagram.toString('utf8'));
  } catch {
    return failure('not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== DISCOVERY_HEADER) return failure(`not a [${DISCOVERY_HEADER}, {...}] discovery message`);
  const body: unknown = parsed[1];
  if (!isRecord(body)) return failure('the body is not an object');
  const { identifier, nick_identifier: nick, http_port: port, stereotypes } = body;
  if (!isName(identifier)) return failure('identifier: a non-empty string expected');
  if (!isName(nick)) return failure('nick_identifier: a non-empty string expected');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return failure('http_port: an integer in 1..65535 expected');
  const names: unknown[] | undefined = Array.isArray(stereotypes) ? (stereotypes as unknown[]) : undefined;
  if (stereotypes !== undefined && !(names !== undefined && names.every(isName))) return failure('stereotypes: a list of names expected');
  return success({ identifier, nickIdentifier: nick, host: sourceAddress, port, ...(names === undefined ? {} : { stereotypes: names.filter(isName) }) });
}
