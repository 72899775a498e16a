import { rpcFault } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import type { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { checkParams, type XmlRpcMethod } from './method.js';
import { systemMethods } from './system-methods.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

/** The namespace supervisord answers (its other namespaces, e.g. a Python supvisors, stay hidden). */
export const SUPERVISOR_PREFIX = 'supervisor.';

/** Supervisor's traversal rule (CVE-2017-11610): exactly `namespace.method`, no leading `_`. */
function isCallableName(name: string): boolean {
  const parts = name.split('.');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' && !parts[1].startsWith('_');
}

/** Every method the server answers: ours (system.* included), then supervisord's. */
export class MethodTable {
  private readonly methods = new Map<string, XmlRpcMethod>();

  constructor(
    methods: readonly XmlRpcMethod[],
    readonly supervisor: SupervisorClient | undefined,
    /** For supervisor.* calls: 0 waits as long as supervisord takes (its "wait" calls are deferred). */
    readonly forwardTimeoutMs: number,
    log: Logger,
  ) {
    for (const method of [...methods, ...systemMethods(this, log)]) {
      if (!isCallableName(method.name)) throw new Error(`XML-RPC method ${method.name}: the name must be namespace.method`);
      if (this.methods.has(method.name)) throw new Error(`XML-RPC method ${method.name} is defined twice`);
      this.methods.set(method.name, method);
    }
  }

  names(): string[] {
    return [...this.methods.keys()];
  }

  own(name: string): XmlRpcMethod | undefined {
    return this.methods.get(name);
  }

  /** The client answering `name` when supervisord does (a supervisor.* name we do not override). */
  forwardTarget(name: string): SupervisorClient | undefined {
    const forwarded = name.startsWith(SUPERVISOR_PREFIX) && isCallableName(name) && !this.methods.has(name);
    return forwarded ? this.supervisor : undefined;
  }

  /** One call, faults thrown as SupvisorsError; supervisord's methods go through its client. */
  async invoke(name: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue> {
    const method = this.methods.get(name);
    if (method !== undefined) return method.call(checkParams(method, params));
    const supervisor = this.forwardTarget(name);
    if (supervisor !== undefined) return supervisor.call(name, params, { timeoutMs: this.forwardTimeoutMs });
    throw rpcFault('UNKNOWN_METHOD');
  }
}
