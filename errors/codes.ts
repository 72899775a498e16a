import type { FaultName } from './faults.js';

/**
 * Every error this project raises has one of these stable codes (the fastify way: one list, one
 * place). `fault` is the XML-RPC fault the error becomes when it reaches a client.
 * docs/errors.md mirrors this table for users.
 */
export const ErrorCodes = {
  // actor runtime
  ACTOR_NAME_TAKEN: { fault: 'BAD_NAME', what: 'an actor with this name already exists' },
  ACTOR_NOT_FOUND: { fault: 'BAD_NAME', what: 'no actor with this name' },
  ACTOR_STOPPED: { fault: 'NOT_RUNNING', what: 'the actor stopped before handling the message' },
  ASK_TIMEOUT: { fault: 'FAILED', what: 'no reply within the ask timeout' },
  MAILBOX_FULL: { fault: 'FAILED', what: 'the bounded mailbox refused the message' },
  MESSAGE_DROPPED: { fault: 'FAILED', what: 'the bounded mailbox dropped the message' },
  HANDLER_FAILED: { fault: 'FAILED', what: 'the actor failed while handling the message' },
  ESCALATED: { fault: 'FAILED', what: 'a child actor failure was escalated' },
  SYSTEM_STOPPED: { fault: 'SHUTDOWN_STATE', what: 'the actor system is shut down' },
  // configuration
  CONFIG_INVALID: { fault: 'SUPVISORS_CONF_ERROR', what: 'invalid configuration' },
  // parameters of public calls
  BAD_ARGUMENTS: { fault: 'BAD_ARGUMENTS', what: 'invalid arguments' },
  // XML-RPC
  RPC_FAULT: { fault: 'FAILED', what: 'an XML-RPC fault, raised here or relayed from supervisord (the fault name tells which)' },
  XMLRPC_MALFORMED: { fault: 'INCORRECT_PARAMETERS', what: 'the request is not a well-formed XML-RPC methodCall (HTTP 400)' },
  // the local supervisord
  SUPERVISOR_UNREACHABLE: { fault: 'FAILED', what: 'the local supervisord did not answer' },
  // the peer transport
  PEER_UNKNOWN: { fault: 'BAD_NAME', what: 'no peer with this identifier in the configuration' },
  PEER_DOWN: { fault: 'FAILED', what: 'the link to the peer is down, or dropped before the reply came' },
  PEER_BACKPRESSURE: { fault: 'FAILED', what: 'the send queue of the peer link is full' },
  PEER_MESSAGE_INVALID: { fault: 'BAD_ARGUMENTS', what: 'the message cannot travel to a peer (not plain data, no reply field, too large)' },
  PEER_FRAME_INVALID: { fault: 'FAILED', what: 'a frame received from a peer is not valid (not MessagePack, wrong shape, too large)' },
  PEER_AUTH_FAILED: { fault: 'FAILED', what: 'a peer failed the authentication handshake' },
  // plugins (docs/extending.md)
  PLUGIN_TIMEOUT: { fault: 'FAILED', what: 'a plugin did not answer within plugin_timeout (its worker thread is started again)' },
  PLUGIN_FAILED: { fault: 'FAILED', what: 'a plugin threw, or answered something its kind does not allow' },
  PLUGIN_EXITED: { fault: 'FAILED', what: "a plugin's worker thread exited" },
} as const satisfies Record<string, { fault: FaultName; what: string }>;

export type ErrorCode = keyof typeof ErrorCodes;
