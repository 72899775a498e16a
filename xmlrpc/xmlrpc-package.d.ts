// Types for the parts of the `xmlrpc` package (1.3.2) that @types/xmlrpc leaves out: its codec
// modules. codec.ts is their only user. Values coming out of the package are `unknown` on
// purpose: codec.ts checks them before the rest of the code sees them.

declare module 'xmlrpc/lib/serializer.js' {
  const serializer: {
    serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
    serializeMethodResponse(value: unknown): string;
    serializeFault(fault: { faultCode: unknown; faultString: unknown }): string;
  };
  export = serializer;
}

declare module 'xmlrpc/lib/deserializer.js' {
  import type { Readable } from 'node:stream';

  /**
   * The package's SAX-driven decoder. The protected members are the internals codec.ts
   * overrides: a value stack, the stack marks of open arrays/structs, and one handler per
   * closing tag.
   */
  class Deserializer {
    constructor(encoding?: string);
    protected stack: unknown[];
    protected marks: number[];
    /** True while inside a `<value>` whose text is still to be read as an untyped string. */
    protected value: boolean;
    protected push(value: unknown): void;
    protected endString(data: string): void;
    protected endI8(data: string): void;
    protected endDouble(data: string): void;
    protected endNil(data: string): void;
    protected endStruct(data: string): void;
    deserializeMethodCall(stream: Readable, callback: (error: unknown, methodName?: unknown, params?: unknown) => void): void;
    deserializeMethodResponse(stream: Readable, callback: (error: unknown, value?: unknown) => void): void;
  }
  export = Deserializer;
}
