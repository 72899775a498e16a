import assert from 'node:assert/strict';
import { decodeDatagram, encodeDatagram } from '../../actors/discovery/datagram.js';

describe('discovery datagram', () => {
  const announcement = { identifier: '10.0.0.1:60000', nickIdentifier: 'rocky51', hostId: '10.0.0.1', httpPort: 60000, stereotypes: ['server'] };

  it('is the JSON Python Supvisors multicasts', () => {
    assert.deepEqual(JSON.parse(encodeDatagram(announcement).toString('utf8')), [
      4,
      { identifier: '10.0.0.1:60000', nick_identifier: 'rocky51', host_id: '10.0.0.1', http_port: 60000, stereotypes: ['server'] },
    ]);
  });

  it('decodes to an instance whose host is the source address', () => {
    const decoded = decodeDatagram(encodeDatagram(announcement), '192.168.1.7');
    assert.deepEqual(decoded, { ok: true, value: { identifier: '10.0.0.1:60000', nickIdentifier: 'rocky51', host: '192.168.1.7', port: 60000, stereotypes: ['server'] } });
    const bare = decodeDatagram(Buffer.from('[4, {"identifier": "a:1", "nick_identifier": "a", "http_port": 1}]'), '1.2.3.4');
    assert.deepEqual(bare, { ok: true, value: { identifier: 'a:1', nickIdentifier: 'a', host: '1.2.3.4', port: 1 } });
  });

  const refusals: [string, string | Buffer, RegExp][] = [
    ['garbage', 'hello', /not JSON/],
    ['another notification', '[2, {}]', /discovery message/],
    ['no body', '[4, 3]', /body/],
    ['no identifier', '[4, {"nick_identifier": "a", "http_port": 1}]', /identifier/],
    ['empty nick', '[4, {"identifier": "a:1", "nick_identifier": "", "http_port": 1}]', /nick_identifier/],
    ['bad port', '[4, {"identifier": "a:1", "nick_identifier": "a", "http_port": 70000}]', /http_port/],
    ['bad stereotypes', '[4, {"identifier": "a:1", "nick_identifier": "a", "http_port": 1, "stereotypes": [1]}]', /stereotypes/],
    ['too long', Buffer.alloc(2000, 32), /2000 bytes/],
  ];
  for (const [what, data, reason] of refusals) {
    it(`refuses ${what}`, () => {
      const decoded = decodeDatagram(typeof data === 'string' ? Buffer.from(data) : data, '1.2.3.4');
      assert.equal(decoded.ok, false);
      if (!decoded.ok) assert.match(decoded.error, reason);
    });
  }
});
