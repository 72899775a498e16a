/**
 * Identifier lists of rules files up to their signs (spec/rules.md §7 steps 1-5). Names stay as
 * written: matching them against instances is resolve.ts's job, at use time.
 */
import type { AliasElement } from './types.js';

/**
 * Aliases in declaration order, each replacing the first occurrence of its name by its items in
 * place; so an alias naming another alias is only expanded when declared before that one.
 */
export function expandAliases(tokens: readonly string[], aliases: readonly AliasElement[]): string[] {
  const names = [...tokens];
  for (const alias of aliases) {
    const position = names.indexOf(alias.name);
    if (position >= 0) names.splice(position, 1, ...alias.items);
  }
  return names;
}

export interface SignedIdentifiers {
  /** The list once signs are taken out: `['*']` when it holds `*`, or is empty after a sign. */
  names: string[];
  sign: '' | '@' | '#';
  /** `@` and `#` were both written: `#` was dropped. */
  bothSigns: boolean;
}

export function extractSigns(expanded: readonly string[]): SignedIdentifiers {
  const distinct = [...new Set(expanded.filter((name) => name !== ''))];
  const at = distinct.includes('@');
  const hash = distinct.includes('#');
  const names = distinct.filter((name) => name !== '@' && name !== '#');
  const sign = at ? '@' : hash ? '#' : '';
  const all = names.includes('*') || (names.length === 0 && sign !== '');
  return { names: all ? ['*'] : names, sign, bothSigns: at && hash };
}
