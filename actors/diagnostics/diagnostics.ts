import type { ActorFactory, ReplyTo, SystemDiagnostics } from '../core/index.js';

/**
 * The diagnostics actor of a node: answers with the node's actor diagnostics, so that any node
 * can show any other's (`supvisors.get_actor_diagnostics(peek, identifier)` asks it through the
 * transport). A snapshot is plain data, so it crosses the wire as it is.
 */
export const DIAGNOSTICS = 'diagnostics';

export type DiagnosticsMessage = { readonly type: 'snapshot'; readonly peek: number; readonly replyTo: ReplyTo<SystemDiagnostics> };

export const diagnosticsActor: ActorFactory<DiagnosticsMessage> = (context) => ({
  receive(message) {
    message.replyTo.reply(context.system.diagnostics({ peek: message.peek }));
  },
});
