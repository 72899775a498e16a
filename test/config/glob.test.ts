import assert from 'node:assert/strict';
import { globFiles } from '../../config/glob.js';
import { TempDir } from './temp-files.js';

describe('config glob', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
    dir.write({
      'etc/rules_a.xml': '',
      'etc/rules_b.xml': '',
      'etc/rules_10.xml': '',
      'etc/.rules_hidden.xml': '',
      'etc/rules].xml': '',
      'etc/[x].xml': '',
      'common/db/group.ini': '',
      'common/web/group.ini': '',
      'common/web/program.ini': '',
      'common/file.ini/not-a-dir': '',
    });
  });
  afterEach(() => dir.remove());

  const names = (paths: string[]): string[] => paths.map((path) => path.slice(dir.path.length + 1));

  it('matches * and ? within one segment, sorted, absolute', () => {
    assert.deepEqual(names(globFiles('etc/rules_*.xml', dir.path)), ['etc/rules_10.xml', 'etc/rules_a.xml', 'etc/rules_b.xml']);
    assert.deepEqual(names(globFiles('etc/rules_?.xml', dir.path)), ['etc/rules_a.xml', 'etc/rules_b.xml']);
    assert.deepEqual(names(globFiles('common/*/*.ini', dir.path)), ['common/db/group.ini', 'common/web/group.ini', 'common/web/program.ini']);
    assert.deepEqual(names(globFiles(`${dir.path}/common/*/group.ini`, '/elsewhere')), ['common/db/group.ini', 'common/web/group.ini']);
  });

  it('matches sets, negated sets and ranges; an unclosed [ is literal', () => {
    assert.deepEqual(names(globFiles('etc/rules_[ab].xml', dir.path)), ['etc/rules_a.xml', 'etc/rules_b.xml']);
    assert.deepEqual(names(globFiles('etc/rules_[!a1].xml', dir.path)), ['etc/rules_b.xml']);
    assert.deepEqual(names(globFiles('etc/rules_[a-z].xml', dir.path)), ['etc/rules_a.xml', 'etc/rules_b.xml']);
    assert.deepEqual(names(globFiles('etc/rules[]].xml', dir.path)), ['etc/rules].xml']);
    assert.deepEqual(names(globFiles('etc/[[]x].xml', dir.path)), ['etc/[x].xml']);
    assert.deepEqual(names(globFiles('etc/rules_[z-a].xml', dir.path)), []);
    assert.deepEqual(names(globFiles('etc/rules_[a', dir.path)), []);
  });

  it('hides dot files from wildcards unless the pattern starts with a dot', () => {
    assert.deepEqual(names(globFiles('etc/*hidden*', dir.path)), []);
    assert.deepEqual(names(globFiles('etc/.rules_*', dir.path)), ['etc/.rules_hidden.xml']);
  });

  it('returns a literal path only when it exists, and nothing for missing folders', () => {
    assert.deepEqual(names(globFiles('etc/rules_a.xml', dir.path)), ['etc/rules_a.xml']);
    assert.deepEqual(globFiles('etc/missing.xml', dir.path), []);
    assert.deepEqual(globFiles('nowhere/*/*.ini', dir.path), []);
    assert.deepEqual(names(globFiles('common/*.ini/*', dir.path)), ['common/file.ini/not-a-dir']);
  });
});
