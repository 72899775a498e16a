/**
 * Statistics control (spec/xmlrpc.md §7.1 get_statistics_status, §7.5), local instance only,
 * answered by the stats actor. `collecting_period` is an int while it is the default, a double
 * once configured or updated, as Python Supvisors answers; without a collector (no /proc) the
 * changes fail with NOT_INSTALLED.
 */
import type { ActorRef, ReplyTo } from '../../actors/core/index.js';
import type { StatsMessage, StatsStatusReply } from '../../actors/stats/messages.js';
import type { XmlRpcMethod } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';

export function statisticsMethods(stats: ActorRef<StatsMessage>): XmlRpcMethod[] {
  const change = (message: (replyTo: ReplyTo<boolean>) => StatsMessage): Promise<XmlRpcValue> => stats.ask<boolean>(message);
  return [
    {
      name: 'supvisors.get_statistics_status',
      params: [],
      signature: ['struct'],
      help: 'Whether host and process statistics are collected, and the collecting period.\n@return struct',
      call: async () => {
        const { status, collectingPeriodIsDouble } = await stats.ask<StatsStatusReply>((replyTo) => ({ type: 'status', replyTo }));
        return {
          host_stats: status.host_stats,
          process_stats: status.process_stats,
          collecting_period: collectingPeriodIsDouble ? new XmlRpcDouble(status.collecting_period) : status.collecting_period,
        };
      },
    },
    {
      name: 'supvisors.enable_host_statistics',
      params: [{ name: 'enable_host', type: 'boolean' }],
      signature: ['bool', 'bool'],
      help: 'Enable or disable the host statistics of this instance.\n@param bool enable_host\n@return bool',
      call: ([enabled]) => change((replyTo) => ({ type: 'enable-host', enabled: enabled === true, replyTo })),
    },
    {
      name: 'supvisors.enable_process_statistics',
      params: [{ name: 'enable_process', type: 'boolean' }],
      signature: ['bool', 'bool'],
      help: 'Enable or disable the process statistics of this instance.\n@param bool enable_process\n@return bool',
      call: ([enabled]) => change((replyTo) => ({ type: 'enable-process', enabled: enabled === true, replyTo })),
    },
    {
      name: 'supvisors.update_collecting_period',
      params: [{ name: 'collecting_period', type: 'double' }],
      signature: ['bool', 'float'],
      help: 'Change the statistics collecting period of this instance (seconds).\n@param float collecting_period\n@return bool',
      call: ([period]) => change((replyTo) => ({ type: 'update-period', period: typeof period === 'number' ? period : 0, replyTo })),
    },
  ];
}
