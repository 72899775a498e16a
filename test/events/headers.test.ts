import assert from 'node:assert/strict';
import { EVENT_HEADERS, EventHeaders, isEventHeader, parseSubscriptionPath, subscriptionPath } from '../../events/headers.js';

const parsed = (path: string): string[] => [...parseSubscriptionPath(path)];

describe('event headers and subscription paths (events.md §2, §3.1)', () => {
  it('knows the 7 headers, with Python names', () => {
    assert.deepEqual([...EVENT_HEADERS], ['supvisors', 'instance', 'application', 'process', 'event', 'hstats', 'pstats']);
    assert.equal(EventHeaders.PROCESS_STATUS, 'process');
    assert.equal(EventHeaders.PROCESS_EVENT, 'event');
    assert.equal(EventHeaders.HOST_STATISTICS, 'hstats');
    assert.ok(isEventHeader('pstats'));
    assert.ok(!isEventHeader('all'));
    assert.ok(!isEventHeader('Process'));
  });

  it('splits on "/", drops empty pieces, subscribes to the known headers', () => {
    assert.deepEqual(parsed('/supvisors/process'), ['supvisors', 'process']);
    assert.deepEqual(parsed('//process///supvisors/'), ['supvisors', 'process']);
    assert.deepEqual(parsed('process/event'), ['process', 'event']);
  });

  it('"all" subscribes to everything, wherever it is', () => {
    assert.deepEqual(parsed('/all'), [...EVENT_HEADERS]);
    assert.deepEqual(parsed('/foo/all/bar'), [...EVENT_HEADERS]);
  });

  it('ignores unknown pieces; "/" or "" means no subscription', () => {
    assert.deepEqual(parsed('/events/hstats/nonsense/pstats'), ['hstats', 'pstats']);
    assert.deepEqual(parsed('/'), []);
    assert.deepEqual(parsed(''), []);
    assert.deepEqual(parsed('/ALL/Supvisors'), []);
  });

  it('keeps a query string glued to the last piece, which then no longer matches', () => {
    assert.deepEqual(parsed('/supvisors/process?x=1'), ['supvisors']);
    assert.deepEqual(parsed('/all?x=1'), []);
  });

  it('builds the path of a subscription: /all for all 7, else the headers in table order', () => {
    assert.equal(subscriptionPath(EVENT_HEADERS), '/all');
    assert.equal(subscriptionPath(['process', 'supvisors']), '/supvisors/process');
    assert.equal(subscriptionPath([]), '/');
    for (const headers of [['event'], ['hstats', 'pstats', 'instance']] as const) {
      assert.deepEqual(new Set(parsed(subscriptionPath(headers))), new Set(headers));
    }
  });
});
