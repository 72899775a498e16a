/** The `supervisor.*` methods (spec/xmlrpc.md §9). */
import type { ContractTable } from './types.js';

export const supervisorContracts = {} as const satisfies ContractTable;
