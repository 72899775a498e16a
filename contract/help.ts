import type { MethodContract } from './types.js';

/**
 * The system.methodHelp text of a method, in Supervisor's docstring layout: the summary, then
 * one `@param <type> <name>: <help>` line per parameter and `@return <type> <returns>`.
 */
export function helpText(contract: MethodContract): string {
  const typeOf = (index: number, fallback: string): string => contract.signature?.[index] ?? fallback;
  const lines = [contract.summary, ...(contract.details === undefined ? [] : [contract.details])];
  contract.params.forEach((param, index) => lines.push(`@param ${typeOf(index + 1, param.type)} ${param.name}: ${param.help}`));
  lines.push(`@return ${typeOf(0, 'any')} ${contract.returns}`);
  return lines.join('\n');
}
