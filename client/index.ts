/**
 * The TypeScript client of a Supvisors node (docs/client.md), exported as `supvisors-ts/client`:
 * typed XML-RPC calls, their errors, and the event stream.
 */
export { SupvisorsClient, type CallSettings, type ClientEventOptions, type Namespace, type SupvisorsClientOptions } from './client.js';
export {
  ClientConnectionError,
  ClientError,
  ClientHttpError,
  ClientParamsError,
  ClientProtocolError,
  ClientTimeoutError,
  UnexpectedResultError,
} from './errors.js';
export * from './faults.js';
export { EventClient, type EventClientOptions, type EventHandlers, type ReconnectOptions } from './events.js';
export type { Json } from '../xmlrpc/json.js';
export type { Contracts, MethodName, Params, Result } from '../contract/index.js';
export type { EventHeader } from '../events/headers.js';
export type { EventBodies } from '../events/payloads.js';
