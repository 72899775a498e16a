import { SupvisorsError } from '../errors/errors.js';
import { faultName, type FaultName } from '../errors/faults.js';

function detailOf(faultString: string, name: FaultName | undefined): string {
  if (name === undefined) return faultString;
  if (faultString === name) return '';
  return faultString.startsWith(`${name}: `) ? faultString.slice(name.length + 2) : faultString;
}

/**
 * A fault received from another XML-RPC server (supervisord, a peer). It is relayed as
 * received: a code outside our table, or a text not shaped `NAME: detail`, survives the trip.
 * `fault` is the code's name, FAILED when the code is unknown to us.
 */
export class XmlRpcFault extends SupvisorsError {
  constructor(
    private readonly receivedCode: number,
    private readonly receivedString: string,
  ) {
    super('RPC_FAULT', detailOf(receivedString, faultName(receivedCode)), { fault: faultName(receivedCode) ?? 'FAILED' });
  }

  override get faultCode(): number {
    return this.receivedCode;
  }

  override get faultString(): string {
    return this.receivedString;
  }
}
