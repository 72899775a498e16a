/**
 * The shape of an API method's one description (docs/rest.md, docs/client.md). Every
 * `system.*`, `supvisors.*` and `supervisor.*` method is a `MethodContract` in this folder; from
 * it come the XML-RPC dispatch and parameter checks (api/xmlrpc), `system.methodSignature` and
 * `system.methodHelp`, the REST routes and the OpenAPI document (api/rest), and the parameter
 * and result types of the TypeScript client (client/).
 *
 * Nothing here does I/O: the client bundles this folder. At run time it imports only the leaf
 * modules that define names (states, strategies, log levels), never an actor or a server part.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { MethodGuard } from '../cluster/guards.js';
import type { FaultName } from '../errors/faults.js';

/** The XML-RPC type of a parameter, as checked on the way in (Supervisor's INCORRECT_PARAMETERS otherwise). */
export type ParamType = 'string' | 'int' | 'boolean' | 'double' | 'array' | 'struct' | 'string|int' | 'any';

/** A parameter's value as a client gives it. */
export interface ParamValues {
  string: string;
  int: number;
  boolean: boolean;
  double: number;
  array: unknown[];
  struct: { [key: string]: unknown };
  'string|int': string | number;
  any: string | number | boolean;
}

export interface ParamContract {
  readonly name: string;
  readonly type: ParamType;
  /** A parameter with a default may be left out (Python's keyword default); defaults come last. */
  readonly default?: string | number | boolean;
  /** The names accepted, when it is one of a list (strategies, log levels); documentation and REST checks. */
  readonly enum?: readonly string[];
  /** One line for methodHelp, OpenAPI and the client's docs. */
  readonly help: string;
  /**
   * What a value of another XML-RPC type becomes (Supvisors' methods check their parameters
   * themselves, spec/xmlrpc.md §3.6): `as-name` looks it up as its Python text (`1` → '1',
   * a boolean → 'True'), so it is an unknown name; `to-method` hands it to the method as given,
   * which refuses it with Supvisors' own text. Absent: Supervisor's INCORRECT_PARAMETERS with no detail.
   */
  readonly otherTypes?: 'as-name' | 'to-method';
}

/**
 * A REST route of the method, supvisorsflask's (spec/cli.md §4.3) unless said otherwise. `path`
 * is under the namespace's prefix (`/api/supvisors`, `/api/supervisor`, `/api/system`) with
 * `{param}` for path parameters; the other parameters are query parameters.
 */
export interface RestRoute {
  readonly verb: 'GET' | 'POST';
  readonly path: string;
  /** Parameters the route sets itself, e.g. `/lazy_update_numprocs/...` is update_numprocs with lazy=true. */
  readonly fixed?: Readonly<Record<string, string | number | boolean>>;
}

export interface MethodContract {
  /** One line: what the method does. */
  readonly summary: string;
  /** More lines for methodHelp and OpenAPI (optional). */
  readonly details?: string;
  readonly params: readonly ParamContract[];
  /** The JSON Schema of the result (TypeBox); the client's result type is its Static type. */
  readonly result: TSchema;
  /** One line on the result for methodHelp. */
  readonly returns: string;
  /**
   * The system.methodSignature answer, Supvisors' own text where a client reads it
   * (e.g. `['bool', 'str', 'bool']`); absent: SIGNATURE_UNSUPPORTED (4), as in Supvisors.
   */
  readonly signature?: readonly string[];
  /** The faults the method may answer besides INCORRECT_PARAMETERS (every method has that one). */
  readonly faults: readonly FaultName[];
  /** The Supvisors state guard of the method (spec/xmlrpc.md §6); none: callable in any state. */
  readonly guard?: MethodGuard;
  /** Its REST routes; none: not over REST (system.multicall). */
  readonly rest: readonly RestRoute[];
  /**
   * Who answers it: `runtime` (our code) or `supervisord` (forwarded unchanged to the local
   * supervisord). A `supervisor.*` method we change (e.g. startProcess refusing disabled
   * programs) is `runtime`.
   */
  readonly servedBy: 'runtime' | 'supervisord';
  /** It changes nothing: the client may retry it after a connection failure. */
  readonly readOnly: boolean;
}

/** Method name (`namespace.method`) → its contract. */
export type ContractTable = Readonly<Record<string, MethodContract>>;

type ParamValue<P> = P extends { readonly type: infer T extends ParamType } ? ParamValues[T] : never;

/** The positional parameters of a method: those with a default are optional. */
export type ParamTuple<P extends readonly ParamContract[]> = P extends readonly [infer Head, ...infer Rest extends readonly ParamContract[]]
  ? Head extends { readonly default: unknown }
    ? [ParamValue<Head>?, ...ParamTuple<Rest>]
    : [ParamValue<Head>, ...ParamTuple<Rest>]
  : [];

export type ParamsOf<C extends MethodContract> = ParamTuple<C['params']>;
export type ResultOf<C extends MethodContract> = Static<C['result']>;
