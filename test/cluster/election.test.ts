import assert from 'node:assert/strict';
import type { SynchroOption } from '../../config/types.js';
import { acceptMaster, checkMaster, declaredMasters, endSync, isMaster, selectMaster, stability } from '../../cluster/election.js';
import { learnStereotypes } from '../../cluster/instances.js';
import { localRecord } from '../../cluster/state-records.js';
import { recordsOf, trio, type PeerSpec } from './fixtures.js';
import type { InstanceState, SupvisorsState } from '../../vocabulary/supvisors-states.js';

const A = 'a:1';
const B = 'b:1';
const C = 'c:1';

describe('cluster election', () => {
  describe('stability (states.md §3.3)', () => {
    const table: [string, Record<string, PeerSpec>, boolean, string[]][] = [
      ['stable when every RUNNING instance reports the same RUNNING set', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'STOPPED' } }, true, [A, B]],
      ['STOPPED and ISOLATED instances do not prevent stability', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'ISOLATED' }, [C]: { seen: 'STOPPED' } }, true, [A]],
      ['unstable while the local instance sees a CHECKING instance', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'CHECKING' } }, false, []],
      ['unstable while the local instance sees a CHECKED instance', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'CHECKED' } }, false, []],
      ['unstable while the local instance sees a FAILED instance', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'FAILED' } }, false, []],
      [
        'unstable while a RUNNING peer sees a transitional state',
        { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', sees: { [A]: 'RUNNING', [B]: 'RUNNING', [C]: 'CHECKING' } } },
        false,
        [],
      ],
      [
        'unstable while a RUNNING peer reports another RUNNING set',
        { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', sees: { [A]: 'RUNNING', [B]: 'RUNNING', [C]: 'RUNNING' } } },
        false,
        [],
      ],
      ['unstable while a RUNNING peer has published nothing yet', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', sees: {} } }, false, []],
      ['unstable while the local instance is not RUNNING', { [A]: { seen: 'CHECKED' } }, false, []],
      [
        'peer FSM states are not compared',
        { [A]: { seen: 'RUNNING', modes: { state: 'OPERATION' } }, [B]: { seen: 'RUNNING', modes: { state: 'SYNCHRONIZATION' } } },
        true,
        [A, B],
      ],
    ];
    for (const [what, peers, stable, identifiers] of table) {
      it(what, () => {
        assert.deepEqual(stability(recordsOf(trio, peers), A), { stable, identifiers });
      });
    }
  });

  describe('check_master (states.md §3.4)', () => {
    const running = (masters: Record<string, string>, seen: Record<string, InstanceState> = {}): ReturnType<typeof recordsOf> =>
      recordsOf(
        trio,
        Object.fromEntries(Object.entries(masters).map(([identifier, master]) => [identifier, { seen: seen[identifier] ?? 'RUNNING', modes: { masterIdentifier: master } }])),
      );
    const table: [string, ReturnType<typeof recordsOf>, string][] = [
      ['valid with one non-empty Master declared by every RUNNING instance', running({ [A]: B, [B]: B, [C]: B }), `ok ${B}`],
      ['invalid when a RUNNING instance declares no Master', running({ [A]: B, [B]: B, [C]: '' }), 'no-master'],
      ['invalid when the local instance declares no Master', running({ [A]: '', [B]: B }), 'no-master'],
      ['invalid with several Masters (split brain)', running({ [A]: A, [B]: B }), 'several-masters'],
      ['instances not seen RUNNING do not count', running({ [A]: B, [B]: B, [C]: C }, { [C]: 'CHECKED' }), `ok ${B}`],
    ];
    for (const [what, records, expected] of table) {
      it(what, () => {
        const check = checkMaster(records, A);
        assert.equal(check.ok ? `ok ${check.master}` : check.reason, expected);
      });
    }

    it('from a Master/Slave state, counts the others only when they declare a Master seen RUNNING: a joiner has not adopted the Master yet', () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'ELECTION' } },
      });
      assert.deepEqual(checkMaster(records, A, 'decided'), { ok: true, master: B });
      assert.equal(checkMaster(records, A, 'all').ok, false);
      // two instances at work with different Masters (a healed partition): invalid
      const split = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
      });
      assert.deepEqual(checkMaster(split, A, 'decided'), { ok: false, reason: 'several-masters', masters: [B, C] });
      // another instance at work between two Masters (it declares none, or one lost) does not count; this one's own declaration does
      const between = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'OPERATION' } },
      });
      assert.deepEqual(checkMaster(between, A, 'decided'), { ok: true, master: B });
      const lost = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'OPERATION' } }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } } });
      assert.equal(checkMaster(lost, A, 'decided').ok, false);
    });
  });

  describe('select_master (states.md §3.5, protocol.md §6)', () => {
    const table: [string, Record<string, PeerSpec>, string[], string | undefined][] = [
      ['picks the smallest nick among RUNNING instances (nicks nc, na, nb)', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'RUNNING' } }, [], B],
      ['ignores instances not seen RUNNING', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'CHECKED' }, [C]: { seen: 'RUNNING' } }, [], C],
      ['prefers running core instances', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'RUNNING' } }, [A, C], C],
      ['falls back to all candidates when no core instance is a candidate', { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'STOPPED' } }, [C], B],
      [
        'keeps an already declared Master over nick and core rules (late joiner, protocol.md §10)',
        { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: C } }, [C]: { seen: 'RUNNING', modes: { masterIdentifier: C } } },
        [A],
        C,
      ],
      [
        'applies core then nick rules among several declared Masters',
        { [A]: { seen: 'RUNNING', modes: { masterIdentifier: A } }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: C } }, [C]: { seen: 'RUNNING', modes: { masterIdentifier: A } } },
        [],
        C,
      ],
      [
        'a joiner declaring no Master adopts the working one',
        {
          [A]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'ELECTION' } },
          [B]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
          [C]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
        },
        [A],
        C,
      ],
      [
        'ignores a declared Master not seen RUNNING (its declarers have not seen it lost yet)',
        {
          [A]: { seen: 'RUNNING', modes: { masterIdentifier: '', state: 'ELECTION' } },
          [B]: { seen: 'RUNNING', modes: { masterIdentifier: C, state: 'OPERATION' } },
          [C]: { seen: 'STOPPED' },
        },
        [],
        B,
      ],
      ['has no candidate when nothing is RUNNING', { [A]: { seen: 'CHECKED' } }, [], undefined],
    ];
    for (const [what, peers, core, expected] of table) {
      it(what, () => {
        assert.equal(selectMaster(recordsOf(trio, peers), A, trio.instances, core), expected);
      });
    }

    it('resolves core preference through stereotypes and nicks when given resolved identifiers (states.md §3.5 step 2)', () => {
      const list = learnStereotypes(trio, C, ['core']);
      const records = recordsOf(list, { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'RUNNING' } });
      assert.equal(selectMaster(records, A, list.instances, [C]), C);
    });
  });

  describe('accept_master (USER, states.md §3.5)', () => {
    it('adopts a Master declared by a RUNNING peer', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: C } } });
      assert.equal(acceptMaster(records, A), C);
    });

    it('keeps its own declared Master, else takes the first in instance order', () => {
      const records = recordsOf(trio, {
        [A]: { seen: 'RUNNING', modes: { masterIdentifier: C } },
        [B]: { seen: 'RUNNING', modes: { masterIdentifier: B } },
        [C]: { seen: 'RUNNING', modes: { masterIdentifier: '' } },
      });
      assert.equal(acceptMaster(records, A), undefined);
      const other = recordsOf(trio, { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING', modes: { masterIdentifier: C } }, [C]: { seen: 'RUNNING', modes: { masterIdentifier: B } } });
      assert.equal(acceptMaster(other, A), B);
    });

    it('adopts nothing when no RUNNING instance declares a Master, nor from instances not RUNNING', () => {
      const records = recordsOf(trio, { [A]: { seen: 'RUNNING' }, [B]: { seen: 'CHECKED', modes: { masterIdentifier: B } } });
      assert.equal(acceptMaster(records, A), undefined);
      assert.deepEqual(declaredMasters(records, A), ['']);
    });
  });

  it('tells whether the local instance is the Master', () => {
    assert.equal(isMaster(recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { masterIdentifier: A } } }), A), true);
    assert.equal(isMaster(recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { masterIdentifier: B } } }), A), false);
  });

  describe('end_sync validation, first failing check wins (xmlrpc.md §7.4)', () => {
    const list = learnStereotypes(learnStereotypes(trio, B, ['pair']), C, ['pair']);
    const states = localRecord(recordsOf(list, { [A]: { seen: 'RUNNING' }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'CHECKED' } }), A).instanceStates;
    const request = (state: SupvisorsState, options: SynchroOption[], masterIdentifier: string, master: string): ReturnType<typeof endSync> =>
      endSync({ state, synchroOptions: options, masterIdentifier, master, list, states });
    const table: [string, ReturnType<typeof endSync>, string][] = [
      ['guard SYNC first', request('OPERATION', ['STRICT'], B, 'nope'), "BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION - state expected in ['SYNCHRONIZATION']"],
      ['a Master already set', request('SYNCHRONIZATION', ['STRICT'], B, 'nope'), 'BAD_SUPVISORS_STATE: Supvisors synchronization ending'],
      ['USER not in synchro_options', request('SYNCHRONIZATION', ['STRICT', 'TIMEOUT'], '', 'nope'), 'NOT_APPLICABLE: USER expected in synchro_options'],
      ['an unknown master', request('SYNCHRONIZATION', ['USER'], '', 'nope'), 'BAD_NAME: unknown Supvisors identifier=nope'],
      ['a stereotype resolving to several', request('SYNCHRONIZATION', ['USER'], '', 'pair'), "INCORRECT_PARAMETERS: multiple identifiers=['b:1', 'c:1'] found for Supvisors master=pair"],
      ['a master not RUNNING', request('SYNCHRONIZATION', ['USER'], '', 'nb'), 'NOT_RUNNING: Supvisors instance=c:1 is not RUNNING (CHECKED)'],
    ];
    for (const [what, result, faultString] of table) {
      it(`refuses ${what}`, () => {
        assert.ok(!result.ok);
        assert.equal(result.error.faultString, faultString);
        assert.equal(result.error.faultString, `${result.error.fault}: ${result.error.detail}`);
      });
    }

    it('assigns a RUNNING master given by identifier or nick', () => {
      assert.deepEqual(request('SYNCHRONIZATION', ['USER'], '', B), { ok: true, value: { kind: 'assign', identifier: B } });
      assert.deepEqual(request('SYNCHRONIZATION', ['USER'], '', 'na'), { ok: true, value: { kind: 'assign', identifier: B } });
    });

    it('elects automatically with an empty master', () => {
      assert.deepEqual(request('SYNCHRONIZATION', ['USER', 'TIMEOUT'], '', ''), { ok: true, value: { kind: 'elect' } });
    });
  });
});
