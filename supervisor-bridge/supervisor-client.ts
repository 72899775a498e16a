import { XmlRpcClient, type CallOptions, type RawResponse, type XmlRpcAccess } from '../xmlrpc/http-client.js';

export type { CallOptions, RawResponse };
/** How to reach supervisord: its `[unix_http_server]` socket or its `[inet_http_server]`. */
export type SupervisorAccess = XmlRpcAccess;

/**
 * The link to the local supervisord's XML-RPC (xmlrpc/http-client.ts), its messages naming
 * `supervisord`. Also the tests' and `check`'s client of a supvisorsd, as supervisorctl is.
 */
export class SupervisorClient extends XmlRpcClient {
  constructor(access: SupervisorAccess, options: { timeoutMs?: number } = {}) {
    super(access, { ...options, label: 'supervisord' });
  }
}
