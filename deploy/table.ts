/** The deployment's final table: one row per host, its package version before and after, and how it ended. Pure. */

export interface TableRow {
  readonly host: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly state: string;
}

/** Left-aligned columns, two spaces apart, under a header line. */
export function renderTable(rows: readonly TableRow[]): string[] {
  const cells = [['HOST', 'BEFORE', 'AFTER', 'STATE'], ...rows.map((row) => [row.host, row.before ?? '-', row.after ?? '-', row.state])];
  const widths = [0, 1, 2].map((column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  return cells.map((line) =>
    line
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
}
