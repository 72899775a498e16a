import assert from 'node:assert/strict';
import { admit, sourceAddress, type PendingSlot } from '../../transport/admission.js';

const limits = { maxPending: 4, maxPendingPerAddress: 2 };
const peers = new Map([
  ['10.0.0.2', 1],
  ['10.0.0.3', 1],
  ['10.0.0.4', 3],
]);
const isPeer = (address: string): number => peers.get(address) ?? 0;
const slot = (address: string, openedAt: number, awaitingHello = true): PendingSlot => ({ address, openedAt, awaitingHello });

describe('transport admission of connections before authentication', () => {
  it('admits while there is room, in total and per source', () => {
    assert.deepEqual(admit([], '10.0.0.9', limits, isPeer), { admit: true });
    assert.deepEqual(admit([slot('10.0.0.9', 1), slot('10.0.0.2', 2)], '10.0.0.9', limits, isPeer), { admit: true });
  });

  it('gives a source at its limit the slot of its own oldest connection without hello', () => {
    const old = slot('10.0.0.9', 1);
    const young = slot('10.0.0.9', 5);
    assert.deepEqual(admit([young, old], '10.0.0.9', limits, isPeer), { admit: true, evict: old });
    // Past their hello, connections keep their slots: the newcomer is refused.
    const decision = admit([slot('10.0.0.9', 1, false), slot('10.0.0.9', 2, false)], '10.0.0.9', limits, isPeer);
    assert.deepEqual(decision, { admit: false, reason: '2 connections from 10.0.0.9 already authenticating' });
  });

  it('gives an address shared by several peers a slot more per peer: they may all dial at once', () => {
    const limits = { maxPending: 64, maxPendingPerAddress: 2 };
    // 3 peers at 10.0.0.4: 2 + 3 slots before its own idle connections give theirs up
    const four = [1, 2, 3, 4].map((at) => slot('10.0.0.4', at));
    assert.deepEqual(admit(four, '10.0.0.4', limits, isPeer), { admit: true });
    const five = [...four, slot('10.0.0.4', 5)];
    assert.deepEqual(admit(five, '10.0.0.4', limits, isPeer), { admit: true, evict: five[0] });
    // one peer at 10.0.0.2: 3 slots
    assert.deepEqual(admit([slot('10.0.0.2', 1), slot('10.0.0.2', 2)], '10.0.0.2', limits, isPeer), { admit: true });
  });

  it('refuses a stranger when every slot is taken, whatever the slots hold', () => {
    const full = [slot('10.0.0.7', 1), slot('10.0.0.8', 2), slot('10.0.0.9', 3), slot('10.0.0.6', 4)];
    assert.deepEqual(admit(full, '10.0.0.5', limits, isPeer), { admit: false, reason: '4 connections already authenticating' });
  });

  it("lets a configured peer's address push out the oldest silent stranger first, then any silent connection", () => {
    const stranger = slot('10.0.0.7', 5);
    const peerSilent = slot('10.0.0.3', 1);
    const full = [peerSilent, stranger, slot('10.0.0.8', 6, false), slot('10.0.0.9', 7)];
    assert.deepEqual(admit(full, '10.0.0.2', limits, isPeer), { admit: true, evict: stranger });
    const onlyPeers = [peerSilent, slot('10.0.0.3', 2, false), slot('10.0.0.2', 3, false), slot('10.0.0.8', 4, false)];
    assert.deepEqual(admit(onlyPeers, '10.0.0.2', limits, isPeer), { admit: true, evict: peerSilent });
    const allPastHello = onlyPeers.map((one) => ({ ...one, awaitingHello: false }));
    assert.deepEqual(admit(allPastHello, '10.0.0.2', limits, isPeer), { admit: false, reason: '4 connections already authenticating' });
  });

  it('takes an IPv4-mapped address for its IPv4 source', () => {
    assert.equal(sourceAddress('::ffff:10.0.0.2'), '10.0.0.2');
    assert.equal(sourceAddress('::1'), '::1');
    assert.equal(sourceAddress(undefined), '');
  });
});
