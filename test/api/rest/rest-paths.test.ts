import assert from 'node:assert/strict';
import { compileRoutes, matchRoute, parseParam, restParams, restRequest } from '../../../api/rest/rest-paths.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { contracts } from '../../../contract/index.js';
import type { ContractTable } from '../../../contract/types.js';
import { param, testContract } from '../../helpers/contracts.js';

const table = {
  'ns.start': testContract([param('strategy', 'string|int'), param('name', 'string'), param('extra', 'string', { default: '' }), param('wait', 'boolean', { default: true })], {
    rest: [{ verb: 'POST', path: '/start/{strategy}/{name}' }],
  }),
  'ns.count': testContract([param('name', 'string'), param('n', 'int'), param('lazy', 'boolean', { default: false })], {
    rest: [
      { verb: 'POST', path: '/count/{name}/{n}' },
      { verb: 'POST', path: '/lazy_count/{name}/{n}', fixed: { lazy: true } },
    ],
  }),
  'ns.info': testContract([param('name', 'string')], { rest: [{ verb: 'GET', path: '/info/{name}' }] }),
} as const;
const routes = compileRoutes(table);

function incorrect(action: () => unknown, detail: RegExp): void {
  assert.throws(action, (error: unknown) => isSupvisorsError(error) && error.fault === 'INCORRECT_PARAMETERS' && detail.test(error.message));
}

function params(verb: string, url: string): unknown[] {
  const { pathname, searchParams } = new URL(url, 'http://x');
  const match = matchRoute(routes, verb, pathname);
  assert.equal(match.kind, 'found', url);
  if (match.kind !== 'found') return [];
  return restParams(match.compiled, match.pathParams, searchParams);
}

describe('REST paths', () => {
  it('matches the path under /api/<namespace>, percent-decoded, then checks the verb', () => {
    assert.deepEqual(params('POST', '/api/ns/start/CONFIG/web%3Afront'), ['CONFIG', 'web:front', '', true]);
    assert.deepEqual(matchRoute(routes, 'GET', '/api/ns/start/CONFIG/web'), { kind: 'wrong-verb', allowed: ['POST'] });
    assert.equal(matchRoute(routes, 'GET', '/api/ns/info').kind, 'none');
    assert.equal(matchRoute(routes, 'GET', '/api/ns/info/a/b').kind, 'none');
    assert.equal(matchRoute(routes, 'GET', '/api/ns/info/').kind, 'none');
    assert.equal(matchRoute(routes, 'GET', '/api/ns/info/%E0%A4%A').kind, 'none');
    assert.equal(matchRoute(routes, 'GET', '/api/other/info/x').kind, 'none');
  });

  it('takes the query parameters, defaults the others and applies the fixed values of a route', () => {
    assert.deepEqual(params('POST', '/api/ns/start/1/web?wait=off&extra=-x%201'), [1, 'web', '-x 1', false]);
    assert.deepEqual(params('POST', '/api/ns/count/prog/3'), ['prog', 3, false]);
    assert.deepEqual(params('POST', '/api/ns/lazy_count/prog/3'), ['prog', 3, true]);
  });

  it('refuses unknown, repeated or path-set query parameters, and bad values, naming them', () => {
    incorrect(() => params('POST', '/api/ns/start/CONFIG/web?wiat=true'), /unknown query parameter wiat/);
    incorrect(() => params('POST', '/api/ns/start/CONFIG/web?wait=true&wait=false'), /wait given more than once/);
    incorrect(() => params('POST', '/api/ns/start/CONFIG/web?name=other'), /name is set by the path/);
    incorrect(() => params('POST', '/api/ns/lazy_count/prog/3?lazy=false'), /lazy is set by the path/);
    incorrect(() => params('POST', '/api/ns/count/prog/three'), /n=three: an integer expected/);
    incorrect(() => params('POST', '/api/ns/start/CONFIG/web?wait=maybe'), /wait=maybe: a boolean/);
  });

  it('parses each XML-RPC type from text', () => {
    const of = (type: Parameters<typeof param>[1], text: string): unknown => parseParam(param('p', type), text);
    assert.deepEqual(
      ['true', 'TRUE', '1', 'on', 'yes', 'false', '0', 'Off', 'no'].map((text) => of('boolean', text)),
      [true, true, true, true, true, false, false, false, false],
    );
    assert.equal(of('int', '-12'), -12);
    assert.equal(of('double', '5'), 5);
    assert.equal(of('double', '0.5'), 0.5);
    incorrect(() => of('double', ''), /a number expected/);
    incorrect(() => of('double', 'NaN'), /a number expected/);
    assert.equal(of('string|int', 'LESS_LOADED'), 'LESS_LOADED');
    assert.equal(of('any', '10'), 10);
    incorrect(() => of('array', '[]'), /not available over REST/);
  });

  it('builds the request of a call (restRequest), which the routes read back as the same parameters', () => {
    assert.deepEqual(restRequest('ns.start', table['ns.start'], ['CONFIG', 'web:front', '', false]), { verb: 'POST', url: '/api/ns/start/CONFIG/web%3Afront?extra=&wait=false' });
    assert.deepEqual(params('POST', restRequest('ns.start', table['ns.start'], ['LOCAL', 'a b/c']).url), ['LOCAL', 'a b/c', '', true]);
    assert.deepEqual(params('POST', restRequest('ns.count', table['ns.count'], ['x', 3, true]).url), ['x', 3, true]);
    assert.deepEqual(restRequest('ns.info', table['ns.info'], ['web']), { verb: 'GET', url: '/api/ns/info/web' });
    incorrect(() => restRequest('ns.info', table['ns.info'], []), /name is missing/);
    incorrect(() => restRequest('ns.info', table['ns.info'], ['a', 'b']), /takes 1 parameters/);
    // every method of ours that has a route and no array / struct parameter round-trips
    const all = compileRoutes(contracts);
    for (const [name, contract] of Object.entries(contracts as ContractTable)) {
      if (contract.rest.length === 0 || contract.params.some((one) => one.type === 'array' || one.type === 'struct')) continue;
      const values = contract.params.map((one) => one.default ?? (one.type === 'int' ? 7 : one.type === 'boolean' ? true : one.type === 'double' ? 1.5 : (one.enum?.[0] ?? 'x:y')));
      const request = restRequest(name, contract, values);
      const { pathname, searchParams } = new URL(request.url, 'http://x');
      const match = matchRoute(all, request.verb, pathname);
      assert.equal(match.kind, 'found', `${name}: ${request.url}`);
      if (match.kind === 'found') assert.deepEqual(restParams(match.compiled, match.pathParams, searchParams), values, name);
    }
  });
});
