import { guard } from '../../cluster/guards.js';
import { contracts, listedOnly } from '../../contract/index.js';
import type { ContractTable, MethodContract } from '../../contract/types.js';
import { rpcFault } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import type { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { checkParams, type Implementation, type MethodResult } from './method.js';
import { SUPERVISOR_PREFIX } from './supervisor-namespace.js';
import { systemImplementations, type MethodCatalog } from './system-methods.js';
import type { SupvisorsState } from '../../vocabulary/supvisors-states.js';

/** Supervisor's traversal rule (CVE-2017-11610): exactly `namespace.method`, no leading `_`. */
function isCallableName(name: string): boolean {
  const parts = name.split('.');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' && !parts[1].startsWith('_');
}

export interface MethodTableOptions {
  /** The implementations of the methods answered here (system.* are the table's own). */
  readonly implementations: readonly Implementation[];
  /** The descriptions served; default: every method (contract/index.ts), with the names listed only. */
  readonly contracts?: ContractTable;
  /** Every `runtime` method of the contracts must have an implementation (the production check). */
  readonly complete?: boolean;
  /** supervisor.* calls that no implementation overrides go to this supervisord. */
  readonly supervisor?: SupervisorClient;
  /** For supervisor.* calls: 0 waits as long as supervisord takes (its "wait" calls are deferred). */
  readonly forwardTimeoutMs?: number;
  /** The local Supvisors state, checked against each method's guard; none: no guard applied. */
  readonly state?: () => SupvisorsState;
  readonly log: Logger;
}

interface Served {
  readonly contract: MethodContract;
  readonly call: (params: XmlRpcValue[]) => MethodResult;
}

/**
 * Every method the server answers, from its contract: ours with their parameter checks and
 * state guards, then supervisord's, forwarded. XML-RPC and REST both call through it.
 */
export class MethodTable implements MethodCatalog {
  readonly contracts: ContractTable;
  readonly supervisor: SupervisorClient | undefined;
  readonly forwardTimeoutMs: number;
  /** Names listed that nothing answers (contract/index.ts listedOnly), with the full description only. */
  private readonly listedOnly: readonly string[];
  private readonly served = new Map<string, Served>();
  private readonly state: (() => SupvisorsState) | undefined;

  constructor(options: MethodTableOptions) {
    this.contracts = options.contracts ?? contracts;
    this.listedOnly = options.contracts === undefined ? listedOnly : [];
    this.supervisor = options.supervisor;
    this.forwardTimeoutMs = options.forwardTimeoutMs ?? 0;
    this.state = options.state;
    for (const implementation of [...options.implementations, ...systemImplementations(this, options.log)]) {
      const { name } = implementation;
      if (!isCallableName(name)) throw new Error(`XML-RPC method ${name}: the name must be namespace.method`);
      const contract = this.contracts[name];
      if (contract === undefined) throw new Error(`XML-RPC method ${name} has no description in contract/`);
      if (this.served.has(name)) throw new Error(`XML-RPC method ${name} is defined twice`);
      this.served.set(name, { contract, call: (params) => implementation.call(params) });
    }
    const missing = Object.keys(this.contracts).filter((name) => this.contracts[name]?.servedBy === 'runtime' && !this.served.has(name));
    if (options.complete === true && missing.length > 0) throw new Error(`XML-RPC methods described but not implemented: ${missing.join(', ')}`);
  }

  names(): string[] {
    return [...this.served.keys(), ...this.listedOnly];
  }

  /** The contract of a method answered here (not forwarded). */
  own(name: string): MethodContract | undefined {
    return this.served.get(name)?.contract;
  }

  /** The client answering `name` when supervisord does (a supervisor.* name we do not override). */
  forwardTarget(name: string): SupervisorClient | undefined {
    const forwarded = name.startsWith(SUPERVISOR_PREFIX) && isCallableName(name) && !this.served.has(name);
    return forwarded ? this.supervisor : undefined;
  }

  /** One call, faults thrown as SupvisorsError; supervisord's methods go through its client. */
  async invoke(name: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue> {
    const served = this.served.get(name);
    if (served !== undefined) {
      // Python checks the count (TypeError) before the method's body checks the state.
      const checked = checkParams(served.contract.params, params);
      const methodGuard = served.contract.guard;
      if (methodGuard !== undefined && this.state !== undefined) {
        const verdict = guard(methodGuard, this.state());
        if (!verdict.ok) throw rpcFault(verdict.fault, verdict.detail);
      }
      return served.call(checked);
    }
    const supervisor = this.forwardTarget(name);
    if (supervisor !== undefined) return supervisor.call(name, params, { timeoutMs: this.forwardTimeoutMs });
    throw rpcFault('UNKNOWN_METHOD');
  }
}
