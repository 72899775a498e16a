import assert from 'node:assert/strict';
import { EVENT_HEADERS, EXTENSION_HEADERS, EventHeaders, isEventHeader, isExtensionHeader, isStreamHeader, parseSubscriptionPath, subscriptionPath } from '../../events/headers.js';

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

  describe('our extension headers (docs/events.md), never sent to Python clients', () => {
    it('are process_added and application_added, none of the 7', () => {
      assert.deepEqual([...EXTENSION_HEADERS], ['process_added', 'application_added']);
      for (const header of EXTENSION_HEADERS) {
        assert.ok(isExtensionHeader(header) && isStreamHeader(header) && !isEventHeader(header));
      }
      assert.ok(isStreamHeader('event') && !isExtensionHeader('event') && !isStreamHeader('all'));
    });

    it('"all" keeps meaning the 7 headers of 0.19: an extension header only when the path names it', () => {
      assert.deepEqual(parsed('/all'), [...EVENT_HEADERS]);
      assert.deepEqual(parsed('/all/process_added/application_added'), [...EVENT_HEADERS, 'process_added', 'application_added']);
      assert.deepEqual(parsed('/application_added/all'), [...EVENT_HEADERS, 'application_added']);
      assert.deepEqual(parsed('/process/process_added'), ['process', 'process_added']);
      assert.deepEqual(parsed('/process_added'), ['process_added']);
      assert.deepEqual(parsed('/all/Process_Added/process_added?x=1'), [...EVENT_HEADERS]);
    });

    it('are put after the 7 (or after /all) in the path of a subscription', () => {
      assert.equal(subscriptionPath([...EVENT_HEADERS, ...EXTENSION_HEADERS]), '/all/process_added/application_added');
      assert.equal(subscriptionPath(['application_added', 'process', 'process_added']), '/process/process_added/application_added');
      assert.equal(subscriptionPath(['process_added']), '/process_added');
      const headers = ['supvisors', 'application_added'] as const;
      assert.deepEqual(parsed(subscriptionPath(headers)), [...headers]);
    });
  });
});
