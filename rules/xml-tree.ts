/**
 * A rules file as a tree of elements with their line numbers. fast-xml-parser runs with entity
 * processing off, so a DOCTYPE cannot expand anything; the five predefined entities and character
 * references, which Python's parser decodes, are decoded here. Comments and processing
 * instructions are dropped; CDATA is text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** The element's own text nodes joined, as written (blanks kept). */
  text: string;
  line: number;
}

export type XmlReading = { ok: true; root: XmlElement; unknownEntities: { name: string; line: number }[] } | { ok: false; line: number; message: string };

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const metadataKey: unknown = XMLParser.getMetaDataSymbol();

const predefinedEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isRecord(value: unknown): value is Record<string | symbol, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1-based line of each character offset. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

class TreeBuilder {
  readonly unknownEntities: { name: string; line: number }[] = [];

  constructor(private readonly lineOf: (offset: number) => number) {}

  decode(raw: string, line: number): string {
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, name: string) => {
      const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : name.startsWith('#') ? Number.parseInt(name.slice(1), 10) : undefined;
      if (code !== undefined && code <= 0x10ffff) return String.fromCodePoint(code);
      const known = predefinedEntities[name];
      if (known !== undefined) return known;
      this.unknownEntities.push({ name, line });
      return whole;
    });
  }

  /** The elements among ordered nodes; text nodes are returned apart. */
  nodes(list: unknown, parentLine: number): { elements: XmlElement[]; text: string } {
    const elements: XmlElement[] = [];
    let text = '';
    if (!Array.isArray(list)) return { elements, text };
    for (const node of list as unknown[]) {
      if (!isRecord(node)) continue;
      if ('#text' in node) {
        // Tag values are not parsed (parseTagValue: false), so text is always a string.
        if (typeof node['#text'] === 'string') text += this.decode(node['#text'], parentLine);
        continue;
      }
      const element = this.element(node);
      if (element !== undefined) elements.push(element);
    }
    return { elements, text };
  }

  element(node: Record<string | symbol, unknown>): XmlElement | undefined {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined) return undefined;
    const metadata = typeof metadataKey === 'symbol' ? node[metadataKey] : undefined;
    const start = isRecord(metadata) && typeof metadata.startIndex === 'number' ? metadata.startIndex : 0;
    const line = this.lineOf(start);
    const attributes = new Map<string, string>();
    const rawAttributes = node[':@'];
    if (isRecord(rawAttributes)) {
      for (const [key, value] of Object.entries(rawAttributes)) if (typeof value === 'string') attributes.set(key, this.decode(value, line));
    }
    const { elements, text } = this.nodes(node[name], line);
    return { name, attributes, children: elements, text, line };
  }
}

export function readXml(text: string): XmlReading {
  const validity = XMLValidator.validate(text);
  if (validity !== true) return { ok: false, line: validity.err.line, message: `not well-formed XML: ${validity.err.msg.replace(/\.$/, '')}` };
  const builder = new TreeBuilder(lineLocator(text));
  const parsed: unknown = parser.parse(text);
  const { elements } = builder.nodes(parsed, 1);
  const root = elements[0];
  // The validator refuses a document without a start tag.
  if (root === undefined) return { ok: false, line: 1, message: 'not well-formed XML: no root element' };
  const extra = elements[1];
  if (extra !== undefined) return { ok: false, line: extra.line, message: `not well-formed XML: a second root element <${extra.name}> after <${root.name}>` };
  return { ok: true, root, unknownEntities: builder.unknownEntities };
}
