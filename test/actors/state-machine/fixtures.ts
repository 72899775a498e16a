/** Shared fixtures of the state-machine and instance-tracker tests: options, instance lists, fake refs. */
import type { ActorRef, ReplyTo } from '../../../actors/core/index.js';
import { optionTable, type OptionContext, type TableOptions } from '../../../config/options.js';
import type { SupvisorsOptions } from '../../../config/types.js';
import type { InstanceList } from '../../../cluster/instances.js';
import type { NetworkFacts } from '../../../payloads/network-info.js';
import { accepted } from '../../../config/values.js';
import type { Message } from '../../../mailbox/mailbox.js';

export function defaultOptions(overrides: Partial<SupvisorsOptions> = {}): SupvisorsOptions {
  const context: OptionContext = { cwd: '/', home: '/', httpPort: 60000, expand: (text) => accepted(text), warn: () => undefined };
  const table: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(optionTable)) table[field] = (spec as { fallback: (c: OptionContext) => unknown }).fallback(context);
  return { ...(table as unknown as TableOptions), httpPort: 60000, ...overrides };
}

export function instanceList(identifiers: readonly string[], local: string): InstanceList {
  return {
    localIdentifier: local,
    instances: identifiers.map((identifier, index) => ({
      identifier,
      nickIdentifier: `n${index + 1}`,
      host: identifier.split(':')[0] ?? '',
      port: Number(identifier.split(':')[1]),
      stereotypes: [],
      discovered: false,
      stereotypesKnown: identifier === local,
    })),
  };
}

export const network: NetworkFacts = { machineId: '00:00:00:00:00:01', fqdn: 'test', nics: [] };

/** A ref that records what it is told; asks are answered by `answer` (or refused). */
export class FakeRef<M extends Message> implements ActorRef<M> {
  readonly told: M[] = [];
  constructor(
    readonly name: string,
    private readonly answer?: (message: M) => unknown,
  ) {}

  tell(message: M): 'delivered' {
    this.told.push(message);
    return 'delivered';
  }

  ask<R>(build: (replyTo: ReplyTo<R>) => M): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const replyTo: ReplyTo<R> = { reply: resolve, fail: reject, settled: false };
      const message = build(replyTo);
      this.told.push(message);
      if (this.answer === undefined) reject(new Error('no answer'));
      else resolve(this.answer(message) as R);
    });
  }

  ofType<T extends M['type']>(type: T): Extract<M, { type: T }>[] {
    return this.told.filter((message): message is Extract<M, { type: T }> => message.type === type);
  }
}
