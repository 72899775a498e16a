import assert from 'node:assert/strict';
import { formatTable, pythonText } from '../../cli/table.js';

describe('cli table', () => {
  it("pads each column to its width, a 'var' one to its widest cell or title + 2, as Python supvisorsctl", () => {
    const lines = formatTable(
      [
        { title: 'Application', width: 'var' },
        { title: 'State', width: 10 },
        { title: 'Major', width: 7 },
      ],
      [
        ['web', 'RUNNING', 'False'],
        ['database_tier', 'STOPPED', 'True'],
      ],
    );
    assert.deepEqual(lines, ['Application    State     Major', 'web            RUNNING   False', 'database_tier  STOPPED   True']);
  });

  it('prints the titles when no row matches', () => {
    assert.deepEqual(formatTable([{ title: 'Nickname', width: 'var' }, { title: 'State', width: 16 }], []), ['Nickname  State']);
  });

  it("renders values as Python's str()", () => {
    assert.deepEqual([true, false, ['a:1', 'b:2'], [], 3, 'x', null].map(pythonText), ['True', 'False', "['a:1', 'b:2']", '[]', '3', 'x', 'None']);
  });
});
