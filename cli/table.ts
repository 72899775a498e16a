import type { Column } from './command.js';

/**
 * Python supvisorsctl's table (spec/cli.md §2): each column left-justified and padded to its
 * width, a `'var'` width being the longest of its title and cells plus 2. The title line comes
 * first, even with no row. Trailing spaces are trimmed (invisible, and scripts compare lines).
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, index) =>
    column.width === 'var' ? Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)) + 2 : column.width,
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((_, index) => (cells[index] ?? '').padEnd(widths[index] ?? 0))
      .join('')
      .trimEnd();
  return [line(columns.map((column) => column.title)), ...rows.map(line)];
}

/** Python's str() of a value in a table cell: True/False, ['a', 'b'], []. */
export function pythonText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? `'${item}'` : pythonText(item))).join(', ')}]`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return 'None';
  return JSON.stringify(value) ?? '';
}
