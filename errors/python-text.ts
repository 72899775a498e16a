/** Python's rendering of a list of strings, as Supervisor's and Supvisors' fault texts show it: `['a', 'b']`. */
export function pythonList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}
