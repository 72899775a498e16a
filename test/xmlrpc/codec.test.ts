import assert from 'node:assert/strict';
import { decodeMethodCall, decodeResponse, encodeFault, encodeMethodCall, encodeResponse } from '../../xmlrpc/codec.js';
import { XmlRpcFault } from '../../xmlrpc/fault.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import type { ErrorCode } from '../../errors/codes.js';
import { isSupvisorsError, SupvisorsError } from '../../errors/errors.js';

const call = (params: string): string => `<?xml version="1.0"?><methodCall><methodName>t.m</methodName><params>${params}</params></methodCall>`;
const param = (value: string): string => `<param><value>${value}</value></param>`;

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isSupvisorsError(error, code), `expected ${code}, got ${String(error)}`);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

describe('xmlrpc codec', () => {
  const sample: XmlRpcValue = {
    text: 'a<b & c ]]> d',
    unicode: 'héllo ✓ 𝄞',
    empty: '',
    ints: [0, -1, 2 ** 31 - 1, -(2 ** 31)],
    float: 1.5,
    yes: true,
    no: false,
    when: new Date(2026, 0, 2, 3, 4, 5),
    raw: Buffer.from([0, 1, 2, 255]),
    nested: { list: [[], {}, [{ deep: ['x'] }]] },
  };

  it('round-trips every value type through a call and a response', async () => {
    const decoded = await decodeMethodCall(encodeMethodCall('ns.method', [sample, 'second']));
    assert.equal(decoded.methodName, 'ns.method');
    assert.deepEqual(decoded.params, [sample, 'second']);
    assert.deepEqual(await decodeResponse(encodeResponse(sample)), sample);
  });

  it('writes integral numbers as <int> and XmlRpcDouble as <double>, as Python reads them', () => {
    assert.match(encodeResponse(3), /<int>3<\/int>/);
    assert.match(encodeResponse(new XmlRpcDouble(3)), /<double>3\.0<\/double>/);
    assert.match(encodeResponse(new XmlRpcDouble(0.25)), /<double>0\.25<\/double>/);
    assert.match(encodeResponse(2.5), /<double>2\.5<\/double>/);
  });

  it('reads XmlRpcDouble back as a plain number', async () => {
    assert.equal(await decodeResponse(encodeResponse(new XmlRpcDouble(3))), 3);
  });

  it('refuses ints beyond signed 32 bits, like Python marshalling', () => {
    assert.throws(() => encodeResponse(2 ** 31), /does not fit an XML-RPC int/);
    assert.throws(() => encodeResponse({ deep: [-(2 ** 31) - 1] }), /response\.deep\[0\]: -2147483649 does not fit/);
    assert.throws(() => encodeMethodCall('a.b', [2 ** 40]), /param 0/);
  });

  it('refuses null and undefined instead of writing <nil/> or an empty value', () => {
    assert.throws(() => encodeResponse(null as unknown as XmlRpcValue), /response: null is not an XML-RPC value/);
    assert.throws(() => encodeResponse([1, undefined] as unknown as XmlRpcValue), /response\[1\]: undefined/);
    assert.throws(() => encodeResponse({ a: { b: null } } as unknown as XmlRpcValue), /response\.a\.b: null/);
  });

  it('omits struct members whose value is undefined', async () => {
    const value = { kept: 1, dropped: undefined } as unknown as XmlRpcValue;
    assert.doesNotMatch(encodeResponse(value), /dropped/);
    assert.deepEqual(await decodeResponse(encodeResponse(value)), { kept: 1 });
  });

  it('refuses values that are not XML-RPC: class instances, bigint, invalid dates', () => {
    assert.throws(() => encodeResponse(new Map() as unknown as XmlRpcValue), /a Map is not an XML-RPC value/);
    assert.throws(() => encodeResponse(10n as unknown as XmlRpcValue), /bigint is not an XML-RPC value/);
    assert.throws(() => encodeResponse(new Date(Number.NaN)), /invalid Date/);
  });

  it('reads <i8> as a number, not a string', async () => {
    const { params } = await decodeMethodCall(call(param('<i8>-42</i8>') + param('<i8>4294967296</i8>')));
    assert.deepEqual(params, [-42, 4294967296]);
    await rejectsWith(decodeMethodCall(call(param('<i8>9007199254740993</i8>'))), 'XMLRPC_MALFORMED', /i8/);
  });

  it('refuses <nil/> in what it reads', async () => {
    await rejectsWith(decodeMethodCall(call(param('<nil/>'))), 'XMLRPC_MALFORMED', /nil/);
  });

  it('keeps a struct member named __proto__ as a member', async () => {
    const { params } = await decodeMethodCall(call(param('<struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>1</value></member></struct></value></member></struct>')));
    const struct = params[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(struct), ['__proto__']);
    assert.equal(Object.getPrototypeOf(struct), Object.prototype);
    assert.equal((struct as { polluted?: unknown }).polluted, undefined);
  });

  it('refuses a struct member without a name or a value', async () => {
    await rejectsWith(decodeMethodCall(call(param('<struct><member><value><int>1</int></value></member></struct>'))), 'XMLRPC_MALFORMED', /struct member/);
  });

  it("reads Python's marshalling (untyped strings, base64, dateTime, empty params)", async () => {
    const python =
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>supvisors.echo</methodName>\n<params>\n<param>\n<value><struct>\n" +
      '<member>\n<name>name</name>\n<value><string>a&lt;b&amp;c</string></value>\n</member>\n' +
      '<member>\n<name>f</name>\n<value><double>2.0</double></value>\n</member>\n' +
      '<member>\n<name>when</name>\n<value><dateTime.iso8601>20260102T03:04:05</dateTime.iso8601></value>\n</member>\n' +
      '<member>\n<name>raw</name>\n<value><base64>\nAAFoaQ==\n</base64></value>\n</member>\n' +
      '<member>\n<name>list</name>\n<value><array><data>\n<value><int>1</int></value>\n<value>untyped</value>\n<value><array><data>\n</data></array></value>\n</data></array></value>\n</member>\n' +
      '</struct></value>\n</param>\n</params>\n</methodCall>\n';
    const { methodName, params } = await decodeMethodCall(Buffer.from(python));
    assert.equal(methodName, 'supvisors.echo');
    assert.deepEqual(params, [
      // an integral double stays a double in a request (Supvisors refuses 1.0 where it takes 1)
      { name: 'a<b&c', f: new XmlRpcDouble(2), when: new Date(2026, 0, 2, 3, 4, 5), raw: Buffer.from('\x00\x01hi', 'latin1'), list: [1, 'untyped', []] },
    ]);
    assert.deepEqual((await decodeMethodCall('<methodCall><methodName>a.b</methodName></methodCall>')).params, []);
  });

  it('calls malformed what is not a methodCall with a methodName', async () => {
    for (const body of ['', 'garbage', '<methodCall>', '<methodCall><params/></methodCall>', '<methodCall><methodName></methodName></methodCall>', call(param('<blob>1</blob>')), '<methodResponse><params><param><value>x</value></param></params></methodResponse>']) {
      await rejectsWith(decodeMethodCall(body), 'XMLRPC_MALFORMED');
    }
  });

  it("relays a fault with supervisord's exact code and text", async () => {
    const python =
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n" +
      '<member>\n<name>faultString</name>\n<value><string>BAD_NAME: nope</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n';
    await assert.rejects(decodeResponse(python), (error: unknown) => {
      assert.ok(error instanceof SupvisorsError);
      assert.equal(error.code, 'RPC_FAULT');
      assert.equal(error.fault, 'BAD_NAME');
      assert.equal(error.message, 'nope');
      assert.equal(error.faultCode, 10);
      assert.equal(error.faultString, 'BAD_NAME: nope');
      return true;
    });
  });

  it('relays faults unknown to our table, or shaped otherwise, untouched', async () => {
    await assert.rejects(decodeResponse(encodeFault(1, 'UNKNOWN_METHOD')), (error: unknown) => {
      assert.ok(error instanceof XmlRpcFault);
      assert.equal(error.fault, 'UNKNOWN_METHOD');
      assert.equal(error.message, '');
      return true;
    });
    await assert.rejects(decodeResponse(encodeFault(400, "<class 'KeyError'>:'x'")), (error: unknown) => {
      assert.ok(error instanceof XmlRpcFault);
      assert.equal(error.fault, 'FAILED');
      assert.equal(error.faultCode, 400);
      assert.equal(error.faultString, "<class 'KeyError'>:'x'");
      return true;
    });
  });

  it('calls malformed a response without a value or with a bad fault', async () => {
    await rejectsWith(decodeResponse('<methodResponse><params></params></methodResponse>'), 'XMLRPC_MALFORMED', /no value/);
    await rejectsWith(decodeResponse('<methodResponse><fault><value><int>1</int></value></fault></methodResponse>'), 'XMLRPC_MALFORMED', /fault/);
    await rejectsWith(decodeResponse('<html>nope</html>'), 'XMLRPC_MALFORMED');
  });
});
