/** Supervisor's split_namespec: no process for `group:*` / `group:` (every process of the group). */
export function splitNamespec(namespec: string): { application: string; process: string | undefined } {
  const colon = namespec.indexOf(':');
  if (colon < 0) return { application: namespec, process: namespec };
  const process = namespec.slice(colon + 1);
  return { application: namespec.slice(0, colon), process: process === '' || process === '*' ? undefined : process };
}
