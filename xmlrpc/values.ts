/**
 * A float that must travel as `<double>` even when it is integral: JavaScript has one number
 * type, so `3` would otherwise go out as `<int>` and reach a Python client as an int.
 */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export type XmlRpcValue = string | number | boolean | Date | Buffer | XmlRpcDouble | XmlRpcValue[] | XmlRpcStruct;
export type XmlRpcStruct = { [key: string]: XmlRpcValue };

export function isStruct(value: XmlRpcValue): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof XmlRpcDouble)
  );
}
