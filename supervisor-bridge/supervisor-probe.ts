/**
 * Asks another node's supervisord whether it still runs (cluster/runtime-loss.ts): getState and
 * getPID over XML-RPC, with the [inet_http_server] credentials of this node (a Supvisors cluster
 * shares them) and a short timeout. One client per address, reused by the following probes.
 */
import { judgeProbe, type ProbeOutcome, type SupervisorAddress } from '../cluster/runtime-loss.js';
import { describeError } from '../errors/errors.js';
import { isStruct } from '../xmlrpc/values.js';
import { SupervisorClient } from './supervisor-client.js';

/** Long enough for a loaded supervisord on a LAN, short enough to keep a silent node's failover under 2 s. */
export const PROBE_TIMEOUT_MS = 500;

export function supervisorProber(
  credentials: { readonly username?: string; readonly password?: string },
  timeoutMs = PROBE_TIMEOUT_MS,
): (address: SupervisorAddress) => Promise<ProbeOutcome> {
  const clients = new Map<string, SupervisorClient>();
  const clientOf = (address: SupervisorAddress): SupervisorClient => {
    const key = `${address.host}:${address.port}`;
    let client = clients.get(key);
    if (client === undefined) {
      const { username, password } = credentials;
      client = new SupervisorClient(
        { kind: 'inet', host: address.host, port: address.port, ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }) },
        { timeoutMs },
      );
      clients.set(key, client);
    }
    return client;
  };
  return async (address) => {
    const client = clientOf(address);
    try {
      const [state, pid] = await Promise.all([client.call('supervisor.getState'), client.call('supervisor.getPID')]);
      const statename = isStruct(state) && typeof state['statename'] === 'string' ? state['statename'] : '?';
      return judgeProbe(address.pid, { statename, pid: typeof pid === 'number' ? pid : -1 });
    } catch (error) {
      return { alive: false, detail: `supervisord at ${client.address}: ${describeError(error)}` };
    }
  };
}
