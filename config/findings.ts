/**
 * What loading a configuration found wrong: errors (the configuration is refused, all of them
 * reported at once) and warnings (kept in RuntimeConfig.warnings). Each line starts with the
 * place it is about, `FILE:LINE: [section] option` when known.
 */
export interface Findings {
  readonly errors: string[];
  readonly warnings: string[];
}

export function noFindings(): Findings {
  return { errors: [], warnings: [] };
}
