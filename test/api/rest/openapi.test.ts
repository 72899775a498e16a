/**
 * The OpenAPI document of the REST API (api/rest/openapi.ts): the one of the real contract table
 * passes an OpenAPI 3.1 validator and holds every REST route of every method; a small table
 * shows the naming of operations, the parameters and the error responses.
 */
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from '@sinclair/typebox';
import { openApiDocument, pathParamNames, type OpenApiDocument, type OpenApiOperation } from '../../../api/rest/openapi.js';
import { contracts } from '../../../contract/index.js';
import type { ContractTable, MethodContract } from '../../../contract/types.js';

const INFO = { title: 'Supvisors', version: '0.19.1' };

async function validation(document: unknown): Promise<{ valid: boolean; errors: string }> {
  const { valid, errors } = await new Validator().validate(document as Record<string, unknown>);
  return { valid, errors: JSON.stringify(errors, null, 2) };
}

/** Every operation of a document with its path and verb. */
function operations(document: OpenApiDocument): { path: string; verb: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([verb, operation]) => ({ path, verb, operation })),
  );
}

describe('OpenAPI document of the REST API', () => {
  const document = openApiDocument(contracts, INFO);

  it('is a valid OpenAPI 3.1.0 document, plain JSON', async () => {
    assert.equal(document.openapi, '3.1.0');
    const { valid, errors } = await validation(document);
    assert.ok(valid, `validator errors: ${errors}`);
    // No TypeBox symbol keys nor undefined values: what is served is what was built.
    assert.deepEqual(JSON.parse(JSON.stringify(document)), document);
  });

  it('the validator catches a broken document (a path parameter declared optional)', async () => {
    const broken = JSON.parse(JSON.stringify(document)) as { paths: Record<string, { get: { parameters: { required: boolean }[] } }> };
    const item = broken.paths['/api/system/methodHelp/{name}'];
    assert.ok(item?.get.parameters[0] !== undefined);
    item.get.parameters[0].required = false;
    const { valid, errors } = await validation(broken);
    assert.equal(valid, false);
    assert.match(errors, /parameters\/0\/required/);
  });

  it('holds one operation per REST route of every method, under /api/<namespace>', () => {
    let routes = 0;
    for (const [method, contract] of Object.entries(contracts) as [string, MethodContract][]) {
      const namespace = method.split('.')[0] ?? '';
      for (const route of contract.rest) {
        routes += 1;
        const path = `/api/${namespace}${route.path}`;
        const operation = document.paths[path]?.[route.verb === 'GET' ? 'get' : 'post'];
        assert.ok(operation !== undefined, `${method}: ${route.verb} ${path} missing`);
        assert.ok(operation.description.includes(`\`${method}\``), `${route.verb} ${path} is ${method}'s`);
        assert.deepEqual(operation.tags, [namespace]);
      }
    }
    assert.ok(routes > 0);
    assert.equal(operations(document).length, routes);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId);
    const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
    assert.deepEqual(twice, []);
  });

  it('declares every path parameter of every path, and no other', () => {
    for (const { path, verb, operation } of operations(document)) {
      const declared = operation.parameters.filter((param) => param.in === 'path');
      assert.deepEqual(declared.map((param) => param.name).sort(), pathParamNames(path).sort(), `${verb} ${path}`);
      assert.ok(declared.every((param) => param.required), `${verb} ${path}: path parameters are required`);
    }
  });

  it('secures every operation with HTTP Basic and documents 401 and 400', () => {
    const { type, scheme } = document.components.securitySchemes.basic ?? {};
    assert.deepEqual([type, scheme], ['http', 'basic']);
    assert.deepEqual(document.security, [{ basic: [] }]);
    for (const { path, operation } of operations(document)) {
      assert.deepEqual(operation.responses['401'], { $ref: '#/components/responses/Unauthorized' }, path);
      assert.match(JSON.stringify(operation.responses['400']), /INCORRECT_PARAMETERS \(2\)/, path);
    }
  });
});

describe('OpenAPI operations derived from contracts', () => {
  const base = { result: Type.Boolean(), returns: 'Always true unless error.', servedBy: 'runtime', readOnly: false } as const;
  const table: ContractTable = {
    'supvisors.update_numprocs': {
      ...base,
      summary: 'Update the number of processes of a program.',
      details: 'Processes are added or removed.',
      params: [
        { name: 'program_name', type: 'string', help: 'The program.' },
        { name: 'numprocs', type: 'int', help: 'The new number.' },
        { name: 'wait', type: 'boolean', default: true, help: 'Wait for the job.' },
        { name: 'lazy', type: 'boolean', default: false, help: 'Do not stop the processes beyond.' },
      ],
      faults: ['BAD_SUPVISORS_STATE', 'BAD_NAME', 'NOT_APPLICABLE', 'FAILED'],
      guard: 'OPERATION',
      rest: [
        { verb: 'POST', path: '/update_numprocs/{program_name}/{numprocs}' },
        { verb: 'POST', path: '/lazy_update_numprocs/{program_name}/{numprocs}', fixed: { lazy: true } },
      ],
    },
    'supvisors.end_sync': {
      ...base,
      summary: 'End the synchronization phase.',
      params: [{ name: 'master', type: 'string', default: '', help: 'The Master to elect.' }],
      faults: ['BAD_SUPVISORS_STATE'],
      rest: [
        { verb: 'POST', path: '/end_sync' },
        { verb: 'POST', path: '/end_sync/{master}' },
      ],
    },
    'supvisors.restart': { ...base, summary: 'Restart Supvisors.', params: [], faults: [], rest: [{ verb: 'POST', path: '/restart' }] },
    'supervisor.restart': { ...base, summary: 'Restart the supervisor process.', params: [], faults: ['SHUTDOWN_STATE'], rest: [{ verb: 'POST', path: '/restart' }], servedBy: 'supervisord' },
    'supvisors.conciliate': {
      ...base,
      summary: 'Apply the conciliation strategy.',
      params: [{ name: 'strategy', type: 'string|int', enum: ['SENICIDE', 'INFANTICIDE'], help: 'The strategy.' }],
      faults: [],
      rest: [{ verb: 'POST', path: '/conciliate/{strategy}' }],
    },
    'system.multicall': { ...base, summary: 'Several calls.', params: [{ name: 'calls', type: 'array', help: 'The calls.' }], faults: [], rest: [] },
  };
  const document = openApiDocument(table, INFO);
  const post = (path: string): OpenApiOperation => {
    const operation = document.paths[path]?.post;
    assert.ok(operation !== undefined, path);
    return operation;
  };

  it('names the first route of a method after it, a further one after its path', () => {
    assert.equal(post('/api/supvisors/update_numprocs/{program_name}/{numprocs}').operationId, 'update_numprocs');
    assert.equal(post('/api/supvisors/lazy_update_numprocs/{program_name}/{numprocs}').operationId, 'lazy_update_numprocs');
    assert.equal(post('/api/supvisors/end_sync').operationId, 'end_sync');
    assert.equal(post('/api/supvisors/end_sync/{master}').operationId, 'end_sync_master');
  });

  it('qualifies a short name two namespaces share with the namespace', () => {
    assert.equal(post('/api/supvisors/restart').operationId, 'supvisors_restart');
    assert.equal(post('/api/supervisor/restart').operationId, 'supervisor_restart');
    assert.deepEqual(post('/api/supervisor/restart').tags, ['supervisor']);
  });

  it('leaves a method without REST routes out', () => {
    assert.equal(operations(document).length, 7);
    assert.ok(!JSON.stringify(document.paths).includes('multicall'));
  });

  it('puts the path parameters in the path, the others in the query with their defaults, the fixed ones nowhere', () => {
    const schemas = (operation: OpenApiOperation): [string, string, boolean, unknown][] =>
      operation.parameters.map((param) => [param.name, param.in, param.required, param.schema]);
    assert.deepEqual(schemas(post('/api/supvisors/update_numprocs/{program_name}/{numprocs}')), [
      ['program_name', 'path', true, { type: 'string' }],
      ['numprocs', 'path', true, { type: 'integer' }],
      ['wait', 'query', false, { type: 'boolean', default: true }],
      ['lazy', 'query', false, { type: 'boolean', default: false }],
    ]);
    assert.deepEqual(
      schemas(post('/api/supvisors/lazy_update_numprocs/{program_name}/{numprocs}')).map(([name]) => name),
      ['program_name', 'numprocs', 'wait'],
    );
    assert.deepEqual(schemas(post('/api/supvisors/end_sync')), [['master', 'query', false, { type: 'string', default: '' }]]);
    assert.deepEqual(schemas(post('/api/supvisors/end_sync/{master}')), [['master', 'path', true, { type: 'string' }]]);
    assert.deepEqual(schemas(post('/api/supvisors/conciliate/{strategy}')), [['strategy', 'path', true, { type: 'string', enum: ['SENICIDE', 'INFANTICIDE'] }]]);
  });

  it('answers the result schema with 200 and one error response per HTTP status of the faults', () => {
    const operation = post('/api/supvisors/update_numprocs/{program_name}/{numprocs}');
    assert.deepEqual(operation.responses['200'], { description: 'Always true unless error.', content: { 'application/json': { schema: { type: 'boolean' } } } });
    const errors = Object.fromEntries(
      Object.entries(operation.responses)
        .filter(([status]) => status !== '200' && status !== '401')
        .map(([status, response]) => [status, 'description' in response ? response.description : response.$ref]),
    );
    assert.deepEqual(errors, {
      '400': 'Fault INCORRECT_PARAMETERS (2)',
      '404': 'Fault BAD_NAME (10)',
      '409': 'Fault BAD_SUPVISORS_STATE (101), NOT_APPLICABLE (104)',
      '500': 'Fault FAILED (30)',
    });
    assert.deepEqual(document.components.schemas.Error?.required, ['message', 'code', 'fault']);
  });

  it('describes the XML-RPC method, the fixed parameters, the state guard and the faults', () => {
    const description = post('/api/supvisors/lazy_update_numprocs/{program_name}/{numprocs}').description;
    for (const part of ['Processes are added or removed.', '`supvisors.update_numprocs`', '`lazy` = `true`', 'guard OPERATION', 'INCORRECT_PARAMETERS, BAD_SUPVISORS_STATE, BAD_NAME, NOT_APPLICABLE, FAILED']) {
      assert.ok(description.includes(part), `${part} in: ${description}`);
    }
    assert.match(post('/api/supervisor/restart').description, /`supervisor\.restart`, answered by the local supervisord/);
  });

  it('is valid too', async () => {
    const { valid, errors } = await validation(document);
    assert.ok(valid, errors);
  });
});
