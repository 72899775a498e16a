/**
 * The REST API on 3 real nodes: every GET route answers what its XML-RPC method answers (and
 * what its contract's schema says), the control routes drive the cluster, and the errors have
 * the statuses and bodies of docs/rest.md.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { compileRoutes, matchRoute, REST_PREFIX } from '../../../api/rest/rest-paths.js';
import { contracts } from '../../../contract/index.js';
import { xmlRpcToJson, type Json } from '../../../xmlrpc/json.js';
import type { XmlRpcValue } from '../../../xmlrpc/values.js';
import { clusterLogsOnFailure, PASSWORD, startCluster, USER, type Cluster, type ClusterNode } from '../../helpers/cluster.js';
import { basic } from '../../helpers/http-client.js';
import { waitFor } from '../../helpers/wait.js';

const programs = `
[group:web]
programs = front,back
${['front', 'back'].map((name) => `[program:${name}]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`).join('\n')}`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

/** A value for each path parameter of the GET routes. */
const samples: Record<string, string> = {
  application_name: 'web',
  namespec: 'web:back',
  identifier: 'node2',
  name: 'web:back',
  offset: '0',
  length: '100',
};
/** Answers that differ from one call to the next beyond numbers (mailbox contents, log tails, statistics series growing). */
const volatile = new Set(['supvisors.get_actor_diagnostics', 'supvisors.get_host_statistics', 'supvisors.get_process_statistics', 'supvisors.tail_process_log']);
/** Methods whose parameter `name` is a method name. */
const introspection = new Set(['system.methodHelp', 'system.methodSignature']);

interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

async function rest(node: ClusterNode, verb: 'GET' | 'POST' | 'PUT', path: string, credentials = `${USER}:${PASSWORD}`): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${node.httpPort}${path}`, { method: verb, headers: basic(credentials), signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: response.status, body: json ? (JSON.parse(text) as Json) : text, headers: response.headers };
}

/** Numbers and the texts that carry times (uptimes, log tails) change between two calls: compare the rest. */
function stable(value: Json): Json {
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value)) return value.map(stable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'description' ? 'text' : stable(item)]));
  return value;
}

describe('REST API on 3 nodes', function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  let node1: ClusterNode;
  const xmlrpc = async (name: string, params: XmlRpcValue[] = []): Promise<Json> => xmlRpcToJson(await (cluster as Cluster).call(node1, name, params));

  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-rest-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}` });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
    const [first] = cluster.nodes;
    if (first === undefined) throw new Error('no node');
    node1 = first;
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('every GET route answers what its XML-RPC method answers, as its schema says', async () => {
    const gets = compileRoutes(contracts).filter((compiled) => compiled.route.verb === 'GET');
    assert.ok(gets.length >= 35, `${gets.length} GET routes`);
    for (const { name, contract, template } of gets) {
      const values = new Map(contract.params.map((param) => [param.name, introspection.has(name) ? 'supvisors.get_api_version' : samples[param.name]]));
      const path = template.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(values.get(param) ?? `<no sample for ${param}>`));
      const answer = await rest(node1, 'GET', path);
      assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`);
      assert.ok(Value.Check(contract.result, answer.body), `${path}: the result does not fit the schema of ${name}: ${[...Value.Errors(contract.result, answer.body)].slice(0, 3).map((error) => `${error.path} ${error.message}`).join('; ')}`);
      // the XML-RPC call gives what the route left to its defaults
      const params = contract.params.map((param): XmlRpcValue => {
        const text = values.get(param.name);
        if (text === undefined) return ('default' in param ? param.default : undefined) ?? '';
        return param.type === 'int' ? Number(text) : text;
      });
      if (!volatile.has(name) && !name.includes('Log')) assert.deepEqual(stable(answer.body), stable(await xmlrpc(name, params)), path);
    }
  });

  it('a namespec may come with its colon percent-encoded or raw', async () => {
    const raw = await rest(node1, 'GET', `${REST_PREFIX}/supvisors/process_info/web:front`);
    const encoded = await rest(node1, 'GET', `${REST_PREFIX}/supvisors/process_info/web%3Afront`);
    assert.equal(raw.status, 200);
    assert.deepEqual(stable(raw.body), stable(encoded.body));
  });

  it('drives the cluster: start and stop an application, a process without waiting, statistics', async () => {
    const started = await rest(node1, 'POST', `${REST_PREFIX}/supvisors/start_application/CONFIG/web`);
    assert.deepEqual([started.status, started.body], [200, true]);
    const info = await rest(node1, 'GET', `${REST_PREFIX}/supvisors/application_info/web`);
    assert.equal((info.body as { statename: string }).statename, 'RUNNING');
    const stopped = await rest(node1, 'POST', `${REST_PREFIX}/supvisors/stop_application/web?wait=true`);
    assert.deepEqual([stopped.status, stopped.body], [200, true]);
    const queued = await rest(node1, 'POST', `${REST_PREFIX}/supvisors/start_process/LESS_LOADED/web:front?wait=false&extra_args=`);
    assert.deepEqual([queued.status, queued.body], [200, true]);
    await waitFor('web:front RUNNING', async () => ((await xmlrpc('supvisors.get_process_info', ['web:front'])) as { statename: string }[])[0]?.statename === 'RUNNING', {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const stop = await rest(node1, 'POST', `${REST_PREFIX}/supvisors/stop_process/web%3Afront`);
    assert.deepEqual([stop.status, stop.body], [200, true]);
    assert.deepEqual((await rest(node1, 'POST', `${REST_PREFIX}/supvisors/disable_host_statistics`)).body, true);
    assert.equal(((await xmlrpc('supvisors.get_statistics_status')) as { host_stats: boolean }).host_stats, false);
    assert.deepEqual((await rest(node1, 'POST', `${REST_PREFIX}/supvisors/enable_host_statistics`)).body, true);
    assert.deepEqual((await rest(node1, 'POST', `${REST_PREFIX}/supvisors/change_log_level/debug`)).body, true);
  });

  it('answers faults with their status and {message, code, fault}', async () => {
    const cases: [verb: 'GET' | 'POST', path: string, status: number, code: number, message: RegExp][] = [
      ['GET', '/supvisors/application_info/nope', 404, 10, /^BAD_NAME: application=nope unknown to Supvisors$/],
      ['POST', '/supvisors/start_application/NOPE/web', 400, 2, /^INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=NOPE/],
      ['POST', '/supvisors/stop_application/web?wait=maybe', 400, 2, /^INCORRECT_PARAMETERS: wait=maybe: a boolean/],
      ['POST', '/supvisors/stop_application/web?wiat=false', 400, 2, /^INCORRECT_PARAMETERS: unknown query parameter wiat/],
      ['POST', '/supvisors/end_sync', 409, 101, /^BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION/],
      ['POST', '/supvisors/conciliate/SENICIDE', 409, 101, /state expected in \['CONCILIATION'\]/],
      ['POST', '/supvisors/update_numprocs/back/x', 400, 2, /^INCORRECT_PARAMETERS/],
      ['GET', '/supervisor/getProcessInfo/nope', 404, 10, /^BAD_NAME: nope$/],
      ['POST', '/supervisor/stopProcess/web:back', 409, 70, /^NOT_RUNNING/],
    ];
    for (const [verb, path, status, code, message] of cases) {
      const answer = await rest(node1, verb, `${REST_PREFIX}${path}`);
      assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
      const body = answer.body as { message: string; code: number; fault: string };
      assert.equal(body.code, code, path);
      assert.match(body.message, message, path);
      assert.equal(body.message.split(':')[0], body.fault, path);
    }
  });

  it('answers 404 for no route, 405 with Allow for a wrong verb, 401 without the credentials', async () => {
    const missing = await rest(node1, 'GET', `${REST_PREFIX}/supvisors/nothing_here`);
    assert.equal(missing.status, 404);
    assert.match((missing.body as { message: string }).message, /no REST route/);
    const wrongVerb = await rest(node1, 'GET', `${REST_PREFIX}/supvisors/start_application/CONFIG/web`);
    assert.equal(wrongVerb.status, 405);
    assert.equal(wrongVerb.headers.get('allow'), 'POST');
    const response = await fetch(`http://127.0.0.1:${node1.httpPort}${REST_PREFIX}/supvisors/api_version`, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    assert.equal(response.status, 401);
    assert.equal((await rest(node1, 'GET', `${REST_PREFIX}/supvisors/api_version`, `${USER}:wrong`)).status, 401);
  });

  it('routes each template to its own method (none shadowed by another)', () => {
    const routes = compileRoutes(contracts);
    for (const compiled of routes) {
      const path = compiled.template.replace(/\{(\w+)\}/g, 'x');
      const match = matchRoute(routes, compiled.route.verb, path);
      assert.ok(match.kind === 'found' && match.compiled.name === compiled.name, `${compiled.route.verb} ${path} goes to ${match.kind === 'found' ? match.compiled.name : match.kind}`);
    }
  });
});
