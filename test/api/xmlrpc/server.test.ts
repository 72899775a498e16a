import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { HttpServer } from '../../../http/http-server.js';
import { decodeResponse, encodeMethodCall } from '../../../xmlrpc/codec.js';
import type { Implementation } from '../../../api/xmlrpc/method.js';
import { MethodTable } from '../../../api/xmlrpc/method-table.js';
import { xmlRpcRoutes } from '../../../api/xmlrpc/server.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../../xmlrpc/values.js';
import { isSupvisorsError, rpcFault } from '../../../errors/errors.js';
import { param, testContract, withSystem } from '../../helpers/contracts.js';
import { memoryLogger } from '../../helpers/logger.js';
import { sleep } from '../../helpers/wait.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const agent = new Agent({ keepAlive: true });

/** One POST; resolves on the response even if the server then cuts the upload short. */
function post(port: number, body: string | Buffer, options: { path?: string; headers?: Record<string, string>; method?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(
      { host: '127.0.0.1', port, agent, method: options.method ?? 'POST', path: options.path ?? '/RPC2', headers: { 'Content-Type': 'text/xml', ...options.headers } },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => undefined);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(body);
  });
}

async function rpc(port: number, methodName: string, params: XmlRpcValue[] = [], headers?: Record<string, string>): Promise<XmlRpcValue> {
  const reply = await post(port, encodeMethodCall(methodName, params), { headers });
  assert.equal(reply.status, 200, reply.body);
  assert.equal(reply.headers['content-type'], 'text/xml');
  return decodeResponse(reply.body);
}

async function fault(promise: Promise<unknown>): Promise<[number, string]> {
  try {
    await promise;
  } catch (error) {
    if (isSupvisorsError(error)) return [error.faultCode, error.faultString];
    throw error;
  }
  throw new Error('expected a fault');
}

function runPython(script: string, ...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', script, ...args], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`python3 failed: ${stderr}`, { cause: error }));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('xmlrpc server', () => {
  const order: string[] = [];
  const contracts = withSystem({
    'test.echo': testContract([param('value', 'any')], { signature: ['any', 'any'], summary: 'Echo.' }),
    'test.add': testContract([param('a', 'int'), param('b', 'int', { default: 1 })], { signature: ['int', 'int', 'int'], summary: 'Add two ints.', returns: 'Their sum.' }),
    'test.Upper': testContract([], { signature: ['double'], summary: 'A float.' }),
    'test.fail': testContract([], { summary: 'No signature.' }),
    'test.crash': testContract([], { summary: 'A bug.' }),
    'test.null': testContract([], { summary: 'An unencodable result.' }),
    'test.later': testContract([param('tag', 'string'), param('ms', 'int')], { summary: 'A deferred result.' }),
    'test.flag': testContract([param('on', 'boolean')], { summary: 'A boolean.' }),
  });
  const methods: Implementation[] = [
    { name: 'test.echo', call: ([value]) => value ?? '' },
    { name: 'test.add', call: ([a, b]) => (a as number) + (b as number) },
    { name: 'test.Upper', call: () => new XmlRpcDouble(2) },
    {
      name: 'test.fail',
      call: () => {
        throw rpcFault('BAD_NAME', 'nope');
      },
    },
    {
      name: 'test.crash',
      call: () => {
        throw new TypeError('boom');
      },
    },
    { name: 'test.null', call: () => null as unknown as XmlRpcValue },
    {
      name: 'test.later',
      call: async ([tag, ms]) => {
        // a method that takes the time asked: the workload of the test, not a wait
        await sleep(ms as number);
        order.push(tag as string);
        return tag ?? '';
      },
    },
    { name: 'test.flag', call: ([on]) => on ?? '' },
  ];
  const { logger, lines } = memoryLogger();
  const table = (implementations: Implementation[]): MethodTable => new MethodTable({ contracts, implementations, log: logger });
  const server = new HttpServer(xmlRpcRoutes({ table: table(methods), log: logger }), logger);
  let port = 0;

  before(async () => {
    port = await server.listen(0, '127.0.0.1');
  });
  after(async () => {
    agent.destroy();
    await server.close();
  });
  beforeEach(() => {
    order.length = 0;
    lines.length = 0;
  });

  it('answers a call on /RPC2 and below, text/xml, keeping the connection alive', async () => {
    assert.equal(await rpc(port, 'test.add', [2, 3]), 5);
    assert.equal(await rpc(port, 'test.add', [2]), 3);
    const reply = await post(port, encodeMethodCall('test.echo', ['x']), { path: '/RPC2/any/thing' });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.connection, 'keep-alive');
    assert.equal(await decodeResponse(reply.body), 'x');
  });

  it('answers only POST on paths starting with /RPC2', async () => {
    assert.equal((await post(port, '', { method: 'GET' })).status, 405);
    assert.equal((await post(port, encodeMethodCall('test.echo', ['x']), { path: '/RPC' })).status, 404);
  });

  it('answers HTTP 400 to malformed XML or a missing methodName', async () => {
    for (const body of ['', 'garbage', '<methodCall><params/></methodCall>', '<methodCall><methodName>test.echo</methodName><params><param><value><nil/></value></param></params></methodCall>']) {
      assert.equal((await post(port, body)).status, 400, body);
    }
    assert.match(lines.join(''), /WARN;XML-RPC request refused: malformed XML-RPC request/);
  });

  it('answers UNKNOWN_METHOD to unknown names and names not shaped namespace.method', async () => {
    for (const name of ['nope', 'a.b.c', 'test._private', 'test.nope', 'other.echo', 'supervisor.getState', '.echo', 'test.']) {
      assert.deepEqual(await fault(rpc(port, name)), [1, 'UNKNOWN_METHOD'], name);
    }
  });

  it('answers INCORRECT_PARAMETERS to a wrong parameter count or type', async () => {
    const calls: [string, XmlRpcValue[]][] = [
      ['test.add', []],
      ['test.add', [1, 2, 3]],
      ['test.add', ['1']],
      ['test.add', [1.5]],
      ['test.flag', [1]],
      ['test.flag', ['true']],
    ];
    for (const [name, params] of calls) assert.deepEqual(await fault(rpc(port, name, params)), [2, 'INCORRECT_PARAMETERS'], `${name}${JSON.stringify(params)}`);
    assert.equal(await rpc(port, 'test.flag', [false]), false);
  });

  it('answers a SupvisorsError as its fault', async () => {
    assert.deepEqual(await fault(rpc(port, 'test.fail')), [10, 'BAD_NAME: nope']);
  });

  it('answers HTTP 500 to a bug or an unencodable result, logs it and keeps serving', async () => {
    assert.equal((await post(port, encodeMethodCall('test.crash', []))).status, 500);
    assert.equal((await post(port, encodeMethodCall('test.null', []))).status, 500);
    const log = lines.join('');
    assert.match(log, /ERRO;XML-RPC method test\.crash\(\) failed: TypeError: boom/);
    assert.match(log, /ERRO;XML-RPC method test\.null\(\) failed: TypeError: response: null/);
    assert.equal(await rpc(port, 'test.add', [1, 1]), 2);
  });

  it('keeps a deferred call open without holding back other requests', async () => {
    const slow = rpc(port, 'test.later', ['slow', 100]);
    assert.equal(await rpc(port, 'test.later', ['fast', 0]), 'fast');
    assert.equal(await slow, 'slow');
    assert.deepEqual(order, ['fast', 'slow']);
  });

  it('lists its methods sorted by code point, the system ones included', async () => {
    const names = (await rpc(port, 'system.listMethods')) as string[];
    assert.deepEqual(names, [
      'system.listMethods',
      'system.methodHelp',
      'system.methodSignature',
      'system.multicall',
      'test.Upper',
      'test.add',
      'test.crash',
      'test.echo',
      'test.fail',
      'test.flag',
      'test.later',
      'test.null',
    ]);
  });

  it('answers methodHelp and methodSignature from the table, SIGNATURE_UNSUPPORTED otherwise', async () => {
    assert.equal(await rpc(port, 'system.methodHelp', ['test.add']), 'Add two ints.\n@param int a: the a\n@param int b: the b\n@return int Their sum.');
    assert.deepEqual(await rpc(port, 'system.methodSignature', ['test.add']), ['int', 'int', 'int']);
    assert.deepEqual(await rpc(port, 'system.methodSignature', ['system.multicall']), ['array', 'array']);
    assert.match((await rpc(port, 'system.methodHelp', ['system.listMethods'])) as string, /@return array/);
    assert.deepEqual(await fault(rpc(port, 'system.methodSignature', ['test.fail'])), [4, 'SIGNATURE_UNSUPPORTED']);
    assert.deepEqual(await fault(rpc(port, 'system.methodHelp', ['test.nope'])), [4, 'SIGNATURE_UNSUPPORTED']);
    assert.deepEqual(await fault(rpc(port, 'system.methodSignature', ['supervisor.getState'])), [4, 'SIGNATURE_UNSUPPORTED']);
  });

  it("runs system.multicall as Supervisor does: in order, raw results, faults as structs", async () => {
    const results = await rpc(port, 'system.multicall', [
      [
        { methodName: 'test.add', params: [2, 3] },
        { methodName: 'test.later', params: ['slow', 50] },
        { methodName: 'test.later', params: ['fast', 0] },
        { methodName: 'test.Upper' },
        { methodName: 'test.fail', params: [] },
        { methodName: 'test.nope' },
        { params: [] },
        { methodName: 'system.multicall', params: [[]] },
        { methodName: 'test.add', params: ['x'] },
        { methodName: 'test.add', params: 5 },
        { methodName: 'test.crash' },
        'not a call',
      ],
    ]);
    assert.deepEqual(results, [
      5,
      'slow',
      'fast',
      2,
      { faultCode: 10, faultString: 'BAD_NAME: nope' },
      { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: No methodName' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
      { faultCode: 30, faultString: 'FAILED: TypeError:boom' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
    ]);
    assert.deepEqual(order, ['slow', 'fast']);
    assert.match(lines.join(''), /ERRO;system\.multicall: a call failed: TypeError: boom/);
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const declared = await post(port, '<methodCall>', { headers: { 'Content-Length': String(2 * 1024 * 1024) } });
    assert.equal(declared.status, 413);
    const streamed = await post(port, Buffer.alloc(1024 * 1024 + 10, 'a'), { headers: { 'Transfer-Encoding': 'chunked' } });
    assert.equal(streamed.status, 413);
    assert.equal(await rpc(port, 'test.add', [1, 1]), 2);
  });

  it('survives garbage: random bytes, deep nesting, long names', async () => {
    assert.equal((await post(port, randomBytes(64 * 1024))).status, 400);
    const depth = 20_000;
    const deep = `${'<value><array><data>'.repeat(depth)}${'</data></array></value>'.repeat(depth)}`;
    const deepCall = (name: string): string => `<methodCall><methodName>${name}</methodName><params><param>${deep}</param></params></methodCall>`;
    assert.deepEqual(await fault(decodeResponse((await post(port, deepCall('test.nope'))).body)), [1, 'UNKNOWN_METHOD']);
    // Too deep to encode back (as for Python's marshaller): a 500, not a crash.
    assert.equal((await post(port, deepCall('test.echo'))).status, 500);
    assert.equal((await post(port, `<methodCall><methodName>${'a'.repeat(500_000)}</methodName></methodCall>`)).status, 200);
    assert.equal((await post(port, '<methodCall><methodName>test.echo</methodName><params><param><value><int>x</int></value></param></params></methodCall>')).status, 400);
    assert.equal(await rpc(port, 'test.add', [1, 1]), 2);
  });

  it('refuses duplicate or misshaped method names when built', () => {
    const [echo] = methods;
    assert.ok(echo !== undefined);
    assert.throws(() => table([echo, echo]), /defined twice/);
    assert.throws(() => table([{ ...echo, name: 'system.listMethods' }]), /defined twice/);
    assert.throws(() => table([{ ...echo, name: 'flat' }]), /namespace\.method/);
    assert.throws(() => table([{ ...echo, name: 'test.undescribed' }]), /no description in contract/);
    assert.throws(() => new MethodTable({ contracts, implementations: [echo], complete: true, log: logger }), /described but not implemented: test\.add, test\.Upper/);
  });

  describe('with HTTP Basic auth and Python clients', () => {
    const password = 'pa:ss';
    // As supvisorsd builds it: the credentials checked by the HTTP server, before the route.
    const secured = new HttpServer(xmlRpcRoutes({ table: table(methods), log: logger }), logger, undefined, {
      credentials: { username: 'user', password: `{SHA}${createHash('sha1').update(password).digest('hex')}` },
    });
    let securedPort = 0;
    const basic = (text: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(text).toString('base64')}` });

    before(async () => {
      securedPort = await secured.listen(0, '127.0.0.1');
    });
    after(() => secured.close());

    it('answers 401 with a Basic challenge unless the credentials are right', async () => {
      for (const headers of [undefined, basic('user:wrong'), basic('nobody:pa:ss')]) {
        const reply = await post(securedPort, encodeMethodCall('test.add', [1]), { headers });
        assert.equal(reply.status, 401);
        assert.equal(reply.headers['www-authenticate'], 'Basic realm="default"');
      }
      assert.equal(await rpc(securedPort, 'test.add', [1], basic('user:pa:ss')), 2);
    });

    it("serves Python's xmlrpc.client: a call, a fault, multicall, listMethods, types", async () => {
      const script = `
import json, sys, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(sys.argv[1])
out = {'add': proxy.test.add(2, 3), 'upper': proxy.test.Upper()}
out['upper_is_float'] = isinstance(out['upper'], float)
try:
    proxy.test.fail()
except xmlrpc.client.Fault as fault:
    out['fault'] = [fault.faultCode, fault.faultString]
out['multicall'] = proxy.system.multicall([{'methodName': 'test.add', 'params': [1]}, {'methodName': 'nope'}])
out['methods'] = proxy.system.listMethods()
echo = proxy.test.echo({'s': 'a<b & ]]> c', 'l': [1, 2.5, True, ''], 'u': 'h\\u00e9llo', 'b': xmlrpc.client.Binary(b'\\x00\\xff')})
out['echo'] = [echo['s'], echo['l'], echo['u'], list(echo['b'].data)]
try:
    proxy.test.crash()
except xmlrpc.client.ProtocolError as error:
    out['crash'] = error.errcode
try:
    xmlrpc.client.ServerProxy(sys.argv[2]).test.add(1)
except xmlrpc.client.ProtocolError as error:
    out['unauthorized'] = error.errcode
print(json.dumps(out))
`;
      const url = (credentials: string): string => `http://${credentials}@127.0.0.1:${securedPort}/RPC2`;
      const out = (await runPython(script, url('user:pa%3Ass'), url('user:wrong'))) as Record<string, unknown>;
      assert.equal(out.add, 5);
      assert.equal(out.upper, 2);
      assert.equal(out.upper_is_float, true);
      assert.deepEqual(out.fault, [10, 'BAD_NAME: nope']);
      assert.deepEqual(out.multicall, [2, { faultCode: 1, faultString: 'UNKNOWN_METHOD' }]);
      assert.ok(Array.isArray(out.methods) && out.methods.includes('system.multicall') && out.methods.includes('test.Upper'));
      assert.deepEqual(out.echo, ['a<b & ]]> c', [1, 2.5, true, ''], 'héllo', [0, 255]]);
      assert.equal(out.crash, 500);
      assert.equal(out.unauthorized, 401);
    });
  });
});
