import assert from 'node:assert/strict';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { systemContracts } from '../../contract/system.js';
import type { ContractTable, MethodContract, ParamContract } from '../../contract/types.js';

/** A made-up method's description, for tests of the dispatch itself. */
export function testContract(params: readonly ParamContract[] = [], more: Partial<MethodContract> = {}): MethodContract {
  return { summary: 'A test method.', params, result: Type.Unknown(), returns: 'Anything.', faults: [], rest: [], servedBy: 'runtime', readOnly: true, ...more };
}

/** A table of test methods, with the system.* methods every table serves. */
export function withSystem(table: ContractTable): ContractTable {
  return { ...systemContracts, ...table };
}

/** A parameter of a test method. */
export function param(name: string, type: ParamContract['type'], more: Partial<ParamContract> = {}): ParamContract {
  return { name, type, help: `the ${name}`, ...more };
}

/** Fails with the schema's complaints (their paths) when the value does not fit it. */
export function assertFits(schema: TSchema, value: unknown): void {
  assert.ok(Value.Check(schema, value), `${JSON.stringify(value).slice(0, 400)}: ${[...Value.Errors(schema, value)].map((error) => `${error.path} ${error.message}`).join('; ')}`);
}
