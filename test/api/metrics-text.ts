/**
 * A parser of the Prometheus text exposition format (version 0.0.4), as much as gauges and
 * counters use: HELP and TYPE lines, samples with labels, escaped label values. Strict: a line
 * it cannot read throws, so that a malformed exposition fails the test.
 */
export interface ParsedSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedFamily {
  help: string;
  type: string;
  readonly samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function unescapeLabel(text: string): string {
  return text.replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new Error(`bad labels: {${text}}`);
    const [whole, name = '', value = ''] = match;
    labels[name] = unescapeLabel(value);
    at += whole.length;
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`bad value: ${text}`);
  return value;
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const family = (name: string): ParsedFamily => {
    if (!NAME.test(name)) throw new Error(`bad metric name: ${name}`);
    const found = families.get(name) ?? { help: '', type: '', samples: [] };
    families.set(name, found);
    return found;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (comment !== null) {
      const [, kind, name = '', rest = ''] = comment;
      if (kind === 'HELP') family(name).help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else family(name).type = rest;
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (sample === null) throw new Error(`bad sample line: ${line}`);
    const [, name = '', labels = '', value = ''] = sample;
    family(name).samples.push({ labels: parseLabels(labels), value: parseValue(value) });
  }
  return families;
}

/** The value of the one sample of `name` whose labels include `labels`; undefined if none. */
export function sampleValue(families: ReadonlyMap<string, ParsedFamily>, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const matching = (families.get(name)?.samples ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}
