/** `HH:MM:SS` of a moment, local time: the times supvisorsctl prints (tables, event lines, watch titles). */
export function clockText(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
