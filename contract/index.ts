/**
 * Every API method, described once (contract/types.ts): the table the server dispatches from
 * and the client is typed by.
 */
import type { ParamsOf, ResultOf } from './types.js';
import { supervisorContracts } from './supervisor.js';
import { supvisorsContracts, supvisorsListedOnly } from './supvisors.js';
import { systemContracts } from './system.js';

export const contracts = { ...systemContracts, ...supvisorsContracts, ...supervisorContracts } as const;

export type Contracts = typeof contracts;
export type MethodName = keyof Contracts;
export type Params<N extends MethodName> = ParamsOf<Contracts[N]>;
export type Result<N extends MethodName> = ResultOf<Contracts[N]>;

export const methodNames = Object.keys(contracts) as MethodName[];

/** Names system.listMethods lists that no method answers (as in 0.19). */
export const listedOnly: readonly string[] = supvisorsListedOnly;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contracts, name);
}

export type { MethodContract, ParamContract, ParamType, RestRoute } from './types.js';
