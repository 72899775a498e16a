/** Supervisor's split_namespec: no process for `group:*` / `group:` (every process of the group). */
export function splitNamespec(namespec: string): { application: string; process: string | undefined } {
  const colon = namespec.indexOf(':');
  if (colon < 0) return { application: namespec, process: namespec };
  const process = namespec.slice(colon + 1);
  return { application: namespec.slice(0, colon), process: process === '' || process === '*' ? undefined : process };
}

/** Supervisor's make_namespec: `name` alone when the group has the process's name. */
export function namespecOf(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

/** The model key of a `name` or `group:name` argument, as-is when there is no colon. */
export function namespecKey(spec: string): string {
  const colon = spec.indexOf(':');
  return colon < 0 ? spec : namespecOf(spec.slice(0, colon), spec.slice(colon + 1));
}
