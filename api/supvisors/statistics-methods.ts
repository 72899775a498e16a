/**
 * Statistics control (spec/xmlrpc.md §7.1 get_statistics_status, §7.5), local instance only,
 * answered by the stats actor. `collecting_period` is an int while it is the default, a double
 * once configured or updated, as Python Supvisors answers; without a collector (no /proc) the
 * changes fail with NOT_INSTALLED.
 */
import type { ActorRef, ReplyTo } from '../../actors/core/index.js';
import type { StatsMessage, StatsStatusReply } from '../../actors/stats/messages.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';

export function statisticsMethods(stats: ActorRef<StatsMessage>): Implementation[] {
  const change = (message: (replyTo: ReplyTo<boolean>) => StatsMessage): Promise<XmlRpcValue> => stats.ask<boolean>(message);
  return [
    implement('supvisors.get_statistics_status', async () => {
      const { status, collectingPeriodIsDouble } = await stats.ask<StatsStatusReply>((replyTo) => ({ type: 'status', replyTo }));
      return {
        host_stats: status.host_stats,
        process_stats: status.process_stats,
        collecting_period: collectingPeriodIsDouble ? new XmlRpcDouble(status.collecting_period) : status.collecting_period,
      };
    }),
    implement('supvisors.enable_host_statistics', ([enabled]) => change((replyTo) => ({ type: 'enable-host', enabled: enabled === true, replyTo }))),
    implement('supvisors.enable_process_statistics', ([enabled]) => change((replyTo) => ({ type: 'enable-process', enabled: enabled === true, replyTo }))),
    implement('supvisors.update_collecting_period', ([period]) => change((replyTo) => ({ type: 'update-period', period: typeof period === 'number' ? period : 0, replyTo }))),
  ];
}
