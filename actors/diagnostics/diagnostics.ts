import type { ActorFactory, ReplyTo, SystemDiagnostics } from '../core/index.js';

/**
 * The diagnostics actor of a node: answers with the node's actor diagnostics and its own figures
 * (peer links, event loop), so that any node can show any other's
 * (`supvisors.get_actor_diagnostics(peek, identifier)` asks it through the transport). A
 * snapshot is plain data, so it crosses the wire as it is.
 */
export const DIAGNOSTICS = 'diagnostics';

/** The node's figures beside its actors' (`peers`, `eventLoop`), plain data. */
export type NodeFigures = () => Readonly<Record<string, unknown>>;

export type DiagnosticsMessage = { readonly type: 'snapshot'; readonly peek: number; readonly replyTo: ReplyTo<SystemDiagnostics> };

export function diagnosticsActor(nodeFigures: NodeFigures = () => ({})): ActorFactory<DiagnosticsMessage> {
  return (context) => ({
    receive(message) {
      message.replyTo.reply({ ...context.system.diagnostics({ peek: message.peek }), ...nodeFigures() });
    },
  });
}
