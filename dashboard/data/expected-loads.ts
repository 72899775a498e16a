/**
 * The expected_loading of the processes of some groups (supvisors.get_process_rules of each
 * `<group>:*`), by namespec: read when the groups change, or when `refresh` does (the list of
 * processes changed). A group whose rules cannot be read is left out.
 */
import { namespecOf } from '../model/cluster-view.js';
import { call } from './api.js';
import { useFetched } from './use-fetched.js';

export function useExpectedLoads(groups: readonly string[], refresh = ''): ReadonlyMap<string, number> {
  const rules = useFetched(groups.join(' '), refresh, async () => {
    const answers = await Promise.allSettled(groups.map((group) => call('supvisors.get_process_rules', `${group}:*`)));
    const loads = new Map<string, number>();
    for (const answer of answers) {
      if (answer.status !== 'fulfilled') continue;
      for (const rule of answer.value) loads.set(namespecOf(rule.application_name, rule.process_name), rule.expected_loading);
    }
    return loads;
  });
  return rules.value ?? new Map();
}
