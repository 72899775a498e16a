/**
 * The REST routes of the contracts (docs/rest.md), as pure functions: compile them, match a
 * request's verb and path, and turn path and query text into the method's parameters.
 */
import type { ContractTable, MethodContract, ParamContract, RestRoute } from '../../contract/types.js';
import { rpcFault } from '../../errors/errors.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

/** Every REST route is under this prefix, then the method's namespace: `/api/supvisors/...`. */
export const REST_PREFIX = '/api';

export interface CompiledRoute {
  readonly name: string;
  readonly contract: MethodContract;
  readonly route: RestRoute;
  /** The full path with `{param}` templates, e.g. `/api/supvisors/application_info/{application_name}`. */
  readonly template: string;
  /** Literal text, or the name of the parameter the segment carries. */
  readonly segments: readonly ({ readonly literal: string } | { readonly param: string })[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly compiled: CompiledRoute; readonly pathParams: ReadonlyMap<string, string> }
  | { readonly kind: 'wrong-verb'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

export function restTemplate(name: string, route: RestRoute): string {
  return `${REST_PREFIX}/${name.slice(0, name.indexOf('.'))}${route.path}`;
}

export function compileRoutes(table: ContractTable): CompiledRoute[] {
  return Object.entries(table).flatMap(([name, contract]) =>
    contract.rest.map((route) => {
      const template = restTemplate(name, route);
      const segments = template
        .split('/')
        .slice(1)
        .map((segment) => (segment.startsWith('{') && segment.endsWith('}') ? { param: segment.slice(1, -1) } : { literal: segment }));
      return { name, contract, route, template, segments };
    }),
  );
}

/** The segments of a request path, percent-decoded (a `:` may come as `%3A`); undefined if one does not decode. */
function splitPath(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

export function matchRoute(routes: readonly CompiledRoute[], verb: string, path: string): RouteMatch {
  const segments = splitPath(path);
  if (segments === undefined) return { kind: 'none' };
  const allowed: string[] = [];
  for (const compiled of routes) {
    if (compiled.segments.length !== segments.length) continue;
    const pathParams = new Map<string, string>();
    const fits = compiled.segments.every((segment, index) => {
      const given = segments[index] ?? '';
      if ('literal' in segment) return segment.literal === given;
      pathParams.set(segment.param, given);
      return given !== '';
    });
    if (!fits) continue;
    if (compiled.route.verb === verb) return { kind: 'found', compiled, pathParams };
    allowed.push(compiled.route.verb);
  }
  return allowed.length > 0 ? { kind: 'wrong-verb', allowed } : { kind: 'none' };
}

const BOOLEANS = new Map([
  ['true', true],
  ['1', true],
  ['on', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['off', false],
  ['no', false],
]);
const INTEGER = /^-?\d+$/;

function refuse(param: ParamContract, text: string, expected: string): never {
  throw rpcFault('INCORRECT_PARAMETERS', `${param.name}=${text}: ${expected} expected`);
}

/** A parameter from its text in the path or the query, as XML-RPC would carry it. */
export function parseParam(param: ParamContract, text: string): XmlRpcValue {
  switch (param.type) {
    case 'string':
      return text;
    case 'int':
      return INTEGER.test(text) ? Number(text) : refuse(param, text, 'an integer');
    case 'double': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? value : refuse(param, text, 'a number');
    }
    case 'boolean': {
      const value = BOOLEANS.get(text.toLowerCase());
      return value ?? refuse(param, text, 'a boolean (true/false, 1/0, on/off, yes/no)');
    }
    case 'string|int':
    case 'any':
      // A name, or the int value Supvisors also takes for its enums.
      return INTEGER.test(text) ? Number(text) : text;
    case 'array':
    case 'struct':
      return refuse(param, text, `an XML-RPC ${param.type} (not available over REST)`);
  }
}

/**
 * The positional parameters of the call: from the path, the route's fixed values, the query,
 * else the default. An unknown or repeated query parameter, or a missing one, is refused.
 */
export function restParams(compiled: CompiledRoute, pathParams: ReadonlyMap<string, string>, query: URLSearchParams): XmlRpcValue[] {
  const { contract, route } = compiled;
  const known = new Set(contract.params.map((param) => param.name));
  for (const key of new Set(query.keys())) {
    if (!known.has(key)) throw rpcFault('INCORRECT_PARAMETERS', `unknown query parameter ${key} (known: ${[...known].join(', ') || 'none'})`);
    if (pathParams.has(key) || route.fixed?.[key] !== undefined) throw rpcFault('INCORRECT_PARAMETERS', `${key} is set by the path, not by the query`);
    if (query.getAll(key).length > 1) throw rpcFault('INCORRECT_PARAMETERS', `query parameter ${key} given more than once`);
  }
  return contract.params.map((param) => {
    const fromPath = pathParams.get(param.name);
    if (fromPath !== undefined) return parseParam(param, fromPath);
    const fixed = route.fixed?.[param.name];
    if (fixed !== undefined) return fixed;
    const fromQuery = query.get(param.name);
    if (fromQuery !== null) return parseParam(param, fromQuery);
    if (param.default !== undefined) return param.default;
    throw rpcFault('INCORRECT_PARAMETERS', `query parameter ${param.name} missing`);
  });
}

/** A parameter value that REST can carry: in a path segment or a query parameter. */
export type RestValue = string | number | boolean;

export interface RestRequest {
  readonly verb: 'GET' | 'POST';
  /** Path and query, percent-encoded, e.g. `/api/supvisors/stop_process/web%3Afront?wait=false`. */
  readonly url: string;
}

/**
 * The request that calls method `name` over REST with these positional parameters: the first
 * route whose fixed values they match, path parameters in the path, the others in the query
 * unless left out (their default applies). The inverse of matchRoute + restParams; the
 * dashboard's calls go through it. Throws INCORRECT_PARAMETERS when no route fits.
 */
export function restRequest(name: string, contract: MethodContract, params: readonly RestValue[]): RestRequest {
  if (params.length > contract.params.length) throw rpcFault('INCORRECT_PARAMETERS', `${name} takes ${contract.params.length} parameters, not ${params.length}`);
  const given = new Map<string, RestValue>();
  contract.params.forEach((param, index) => {
    const value = params[index];
    if (value !== undefined) given.set(param.name, value);
  });
  const route = contract.rest.find((candidate) => Object.entries(candidate.fixed ?? {}).every(([key, value]) => (given.get(key) ?? contract.params.find((param) => param.name === key)?.default) === value));
  if (route === undefined) throw rpcFault('INCORRECT_PARAMETERS', `${name} has no REST route for these parameters`);
  const inPath = new Set<string>();
  const path = restTemplate(name, route).replace(/\{([^}]+)\}/g, (_whole, key: string) => {
    const value = given.get(key);
    if (value === undefined) throw rpcFault('INCORRECT_PARAMETERS', `${name}: ${key} is missing (a path parameter)`);
    inPath.add(key);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of given) {
    if (inPath.has(key) || route.fixed?.[key] !== undefined) continue;
    query.set(key, String(value));
  }
  const search = query.toString();
  return { verb: route.verb, url: search === '' ? path : `${path}?${search}` };
}
