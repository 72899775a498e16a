import assert from 'node:assert/strict';
import { formatRoute, legacyRoute, parseRoute, withQuery } from '../../api/dashboard-paths.js';

describe('dashboard paths (api/dashboard-paths.ts)', () => {
  it('reads the page, its subject and the query keys it keeps; formats them back', () => {
    const route = parseRoute('/instance/10.0.0.1%3A60000', '?view=host&cpu=1&strategy=LOCAL&period=10');
    assert.deepEqual(route, { page: 'instance', subject: '10.0.0.1:60000', query: { view: 'host', period: '10', cpu: '1' } });
    assert.equal(formatRoute(route), '/instance/10.0.0.1%3A60000?view=host&period=10&cpu=1');
    assert.deepEqual(parseRoute(formatRoute(route).split('?')[0] ?? '', `?${formatRoute(route).split('?')[1] ?? ''}`), route);
    assert.deepEqual(parseRoute('/application/web', '?strategy=LESS_LOADED&process=web%3Adb'), { page: 'application', subject: 'web', query: { strategy: 'LESS_LOADED', process: 'web:db' } });
    assert.deepEqual(parseRoute('/actors', '?sort=-depth&junk=1'), { page: 'actors', query: { sort: '-depth' } });
  });

  it('falls back to the main page for an unknown path or a page without its subject', () => {
    assert.deepEqual(parseRoute('/nope', ''), { page: 'main', query: {} });
    assert.deepEqual(parseRoute('/application', '?strategy=LOCAL'), { page: 'main', query: {} });
    assert.deepEqual(parseRoute('/logs/%E0%A4%A', ''), { page: 'main', query: {} });
    assert.equal(formatRoute({ page: 'main', query: {} }), '/');
  });

  it('changes selections in place; an empty value removes one', () => {
    const route = parseRoute('/instance/node1', '?process=web:db');
    assert.equal(formatRoute(withQuery(route, { process: undefined, view: 'host' })), '/instance/node1?view=host');
    assert.equal(formatRoute(withQuery(route, { process: '' })), '/instance/node1');
  });

  it("maps Python Supvisors' page names to ours", () => {
    assert.deepEqual(legacyRoute('/application.html', '?appname=web&strategy=CONFIG&processname=web:db', 'n1'), { page: 'application', subject: 'web', query: { strategy: 'CONFIG', process: 'web:db' } });
    assert.deepEqual(legacyRoute('/application.html', '', 'n1'), { page: 'main', query: {} });
    assert.deepEqual(legacyRoute('/proc_instance.html', '?period=10&processname=supervisord', 'n1'), { page: 'instance', subject: 'n1', query: { process: 'supervisord', period: '10' } });
    assert.deepEqual(legacyRoute('/host_instance.html', '?period=10&diskstats=usage&cpuid=1&nic=eth0', 'n1'), { page: 'instance', subject: 'n1', query: { view: 'host', period: '10', disk: 'usage', nic: 'eth0', cpu: '1' } });
    assert.deepEqual(legacyRoute('/maintail.html', '', 'n1'), { page: 'logs', subject: 'n1', query: { process: 'supervisord' } });
    assert.equal(legacyRoute('/other.html', '', 'n1'), undefined);
  });
});
