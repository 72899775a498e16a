/**
 * The OpenAPI 3.1 document of the REST API (docs/rest.md), derived from the contract table as
 * every other surface is: one operation per REST route of a method, at `/api/<namespace><path>`.
 * Pure: the runtime builds it once at start and docs-routes.ts serves it.
 *
 * The types below are the part of OpenAPI 3.1 this document uses (`openapi-types` is not a
 * dependency); schemas are JSON Schema 2020-12, OpenAPI 3.1's own dialect, so the contracts'
 * TypeBox schemas go in as they are.
 */
import { guardStates } from '../../cluster/guards.js';
import type { ContractTable, MethodContract, ParamContract, ParamType, RestRoute } from '../../contract/types.js';
import { Faults, type FaultName } from '../../errors/faults.js';
import { faultStatus } from './fault-status.js';

/** A JSON Schema as plain JSON. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export type OpenApiParameter = {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description: string;
  readonly schema: JsonSchema;
};

export type OpenApiResponse =
  | { readonly description: string; readonly content: { readonly [mediaType: string]: { readonly schema: JsonSchema } } }
  | { readonly $ref: string };

export type OpenApiOperation = {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly OpenApiParameter[];
  readonly responses: { readonly [status: string]: OpenApiResponse };
};

export type OpenApiPathItem = { get?: OpenApiOperation; post?: OpenApiOperation };

export type OpenApiDocument = {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: { readonly [path: string]: OpenApiPathItem };
  readonly components: {
    readonly schemas: { readonly [name: string]: JsonSchema };
    readonly responses: { readonly [name: string]: OpenApiResponse };
    readonly securitySchemes: { readonly [name: string]: { readonly type: 'http'; readonly scheme: 'basic'; readonly description: string } };
  };
  readonly security: readonly { readonly [scheme: string]: readonly string[] }[];
};

const ERROR_REF = '#/components/schemas/Error';
const UNAUTHORIZED_REF = '#/components/responses/Unauthorized';

/** How a parameter's XML-RPC type reads in JSON Schema (the REST router parses the text to it). */
const paramSchemas: Readonly<Record<ParamType, JsonSchema>> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  boolean: { type: 'boolean' },
  double: { type: 'number' },
  array: { type: 'array' },
  struct: { type: 'object' },
  'string|int': { type: ['string', 'integer'] },
  any: { type: ['string', 'number', 'boolean'] },
};

function namespaceOf(method: string): string {
  return method.slice(0, method.indexOf('.'));
}

function shortNameOf(method: string): string {
  return method.slice(method.indexOf('.') + 1);
}

/** The `{param}` names of a route's path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}

interface Operation {
  readonly method: string;
  readonly contract: MethodContract;
  readonly route: RestRoute;
  readonly path: string;
  /** Before cross-namespace qualification. */
  readonly localId: string;
}

/**
 * A method's first route is its short name; a further one is named from its path's fixed segments
 * (`/lazy_update_numprocs/{program_name}/{numprocs}` → `lazy_update_numprocs`), with its path
 * parameters when that name is taken (`/end_sync/{identifier}` → `end_sync_identifier`).
 */
function localIds(method: string, routes: readonly RestRoute[]): string[] {
  const ids: string[] = [];
  for (const route of routes) {
    const segments = route.path.split('/').filter((segment) => segment !== '');
    const fixed = segments.filter((segment) => !segment.startsWith('{')).join('_');
    const candidate = ids.length === 0 ? shortNameOf(method) : fixed;
    ids.push(ids.includes(candidate) ? [fixed, ...pathParamNames(route.path)].join('_') : candidate);
  }
  return ids;
}

function operationsOf(table: ContractTable): Operation[] {
  return Object.entries(table).flatMap(([method, contract]) => {
    const ids = localIds(method, contract.rest);
    return contract.rest.map((route, index) => ({ method, contract, route, path: `/api/${namespaceOf(method)}${route.path}`, localId: ids[index] }));
  });
}

/** Short names shared by several namespaces (`supervisor.restart`, `supvisors.restart`) are qualified by theirs. */
function operationIds(operations: readonly Operation[]): string[] {
  const counts = new Map<string, number>();
  for (const { localId } of operations) counts.set(localId, (counts.get(localId) ?? 0) + 1);
  return operations.map(({ method, localId }) => ((counts.get(localId) ?? 0) > 1 ? `${namespaceOf(method)}_${localId}` : localId));
}

/** A path parameter is always given: its default is the one of the method's other route, without it (`/end_sync`). */
function parameterOf(param: ParamContract, where: 'path' | 'query'): OpenApiParameter {
  const optional = where === 'query' && param.default !== undefined;
  const schema: JsonSchema = {
    // Enumerated names travel as text, whatever the XML-RPC type (a strategy is also its int value there).
    ...(param.enum === undefined ? paramSchemas[param.type] : { type: 'string', enum: [...param.enum] }),
    ...(optional ? { default: param.default } : {}),
  };
  return { name: param.name, in: where, required: !optional, description: param.help, schema };
}

/** Path parameters are those named in the path; the others are in the query, unless the route fixes them. */
function parametersOf(contract: MethodContract, route: RestRoute): OpenApiParameter[] {
  const inPath = new Set(pathParamNames(route.path));
  const fixed = route.fixed ?? {};
  return contract.params
    .filter((param) => !Object.hasOwn(fixed, param.name))
    .map((param) => parameterOf(param, inPath.has(param.name) ? 'path' : 'query'));
}

/** The faults a method may answer: INCORRECT_PARAMETERS, which every method has, then the contract's. */
function faultsOf(contract: MethodContract): FaultName[] {
  return [...new Set<FaultName>(['INCORRECT_PARAMETERS', ...contract.faults])];
}

/** One error response per HTTP status the method's faults map to (fault-status.ts). */
function errorResponses(contract: MethodContract): Record<string, OpenApiResponse> {
  const byStatus = new Map<number, FaultName[]>();
  for (const fault of faultsOf(contract)) {
    const status = faultStatus[fault];
    byStatus.set(status, [...(byStatus.get(status) ?? []), fault]);
  }
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, faults] of [...byStatus].sort(([left], [right]) => left - right)) {
    responses[String(status)] = {
      description: `Fault ${faults.map((fault) => `${fault} (${Faults[fault]})`).join(', ')}`,
      content: { 'application/json': { schema: { $ref: ERROR_REF } } },
    };
  }
  return responses;
}

function descriptionOf(method: string, contract: MethodContract, route: RestRoute): string {
  const fixed = Object.entries(route.fixed ?? {}).map(([name, value]) => `\`${name}\` = \`${String(value)}\``);
  return [
    contract.details,
    `XML-RPC method: \`${method}\`${contract.servedBy === 'supervisord' ? ', answered by the local supervisord' : ''}.`,
    fixed.length === 0 ? undefined : `This route sets ${fixed.join(', ')}.`,
    contract.guard === undefined ? undefined : `Supvisors states (guard ${contract.guard}): ${guardStates[contract.guard].join(', ')}.`,
    `Faults: ${faultsOf(contract).join(', ')}.`,
  ]
    .filter((paragraph) => paragraph !== undefined)
    .join('\n\n');
}

/** JSON drops TypeBox's symbol keys (`[Kind]`...), leaving the JSON Schema. */
function plainSchema(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

function operationOf(operation: Operation, operationId: string): OpenApiOperation {
  const { method, contract, route } = operation;
  return {
    operationId,
    tags: [namespaceOf(method)],
    summary: contract.summary,
    description: descriptionOf(method, contract, route),
    parameters: parametersOf(contract, route),
    responses: {
      '200': { description: contract.returns, content: { 'application/json': { schema: plainSchema(contract.result) } } },
      ...errorResponses(contract),
      '401': { $ref: UNAUTHORIZED_REF },
    },
  };
}

export function openApiDocument(table: ContractTable, info: { title: string; version: string }): OpenApiDocument {
  const operations = operationsOf(table);
  const ids = operationIds(operations);
  const paths: Record<string, OpenApiPathItem> = {};
  operations.forEach((operation, index) => {
    const item = (paths[operation.path] ??= {});
    item[operation.route.verb === 'GET' ? 'get' : 'post'] = operationOf(operation, ids[index]);
  });
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'Each operation is an XML-RPC method of the node (`system.*`, `supervisor.*`, `supvisors.*`): parameters in the path or the query, ' +
        'the 200 answer is the JSON of the XML-RPC result, a fault answers `{message, code, fault}` with an HTTP status of its kind.',
    },
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['message', 'code', 'fault'],
          properties: {
            message: { type: 'string', description: 'The XML-RPC faultString.' },
            code: { type: 'integer', description: 'The XML-RPC faultCode.' },
            fault: { type: 'string', enum: Object.keys(Faults), description: 'The symbolic name of the fault code.' },
          },
        },
      },
      responses: {
        Unauthorized: {
          description: 'Missing or wrong credentials (the node has [inet_http_server] credentials).',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic', description: 'The username and password of [inet_http_server] in supervisord.conf.' },
      },
    },
    security: [{ basic: [] }],
  };
}
