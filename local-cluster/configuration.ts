/**
 * The supervisord.conf of a local node: supervisord in the foreground, everything in the node's
 * folder (`%(here)s`), its unix socket for local control, [inet_http_server] with the node's
 * credentials, our runtime as its event listener, and a [supvisors] section (docs/configuration.md).
 */
import { join, resolve } from 'node:path';
import { RUNTIME_NODE_FLAGS } from '../config/node-flags.js';

/** The checkout (or installed package) this module runs from: dist/local-cluster/ is two levels down. */
export const REPO = resolve(import.meta.dirname, '..', '..');
/** The runtime every node's supervisord starts as its event listener. */
export const SUPVISORSD = join(REPO, 'dist', 'bin', 'supvisorsd.js');
/** The supvisors-args shim (extra arguments of programs), `%(shim)s` in program sections. */
export const SHIM = join(REPO, 'bin', 'supvisors-args');
/** The credentials of every local node unless told otherwise: supervisord's, the runtime's (and the peer secret derived from them). */
export const USER = 'lambda';
export const PASSWORD = 'x-secret';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Where a node finds Node.js, the runtime and the shim (default: this process's, this checkout's). */
export interface RuntimePaths {
  readonly node: string;
  readonly supvisorsd: string;
  readonly shim: string;
}

export interface NodeConfiguration {
  /** The node's folder, `%(here)s` everywhere in the text. */
  readonly dir: string;
  /** [supervisord] identifier. */
  readonly identifier: string;
  /** Address of supervisord's [inet_http_server]. */
  readonly host: string;
  readonly supervisordPort: number;
  /** The runtime's port (`http_port`). */
  readonly httpPort: number;
  /** Default USER / PASSWORD. */
  readonly credentials?: Credentials;
  /** [supvisors] lines after http_port (supvisors_list, synchro_options, rules_files...). */
  readonly supvisors: string;
  /** Start our runtime as supervisord's event listener (default true). */
  readonly runtime?: boolean;
  /** Extra lines of the [eventlistener:supvisors] section. */
  readonly listener?: string;
  /** Program sections; `%(shim)s` is the supvisors-args shim. */
  readonly programs?: string;
  /** Where supervisorctl -c points: supervisord's socket (default), or the runtime's port (its programs through the runtime). */
  readonly supervisorctl?: 'socket' | 'runtime';
  /** Comment lines written first. */
  readonly header?: string;
  /** On another host (deploy/): its Node.js, runtime and shim; default this process's and this checkout's. */
  readonly paths?: RuntimePaths;
}

export function configuration(node: NodeConfiguration): string {
  const { user, password } = node.credentials ?? { user: USER, password: PASSWORD };
  const paths = node.paths ?? { node: process.execPath, supvisorsd: SUPVISORSD, shim: SHIM };
  const supervisorctl =
    node.supervisorctl === 'runtime' ? `serverurl = http://127.0.0.1:${node.httpPort}\nusername = ${user}\npassword = ${password}` : 'serverurl = unix://%(here)s/supervisor.sock';
  const listener = `[eventlistener:supvisors]
command = ${paths.node} ${RUNTIME_NODE_FLAGS.join(' ')} ${paths.supvisorsd} -c %(here)s/supervisord.conf
events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
buffer_size = 1024
startsecs = 0
autorestart = unexpected
exitcodes = 78
stderr_logfile = %(here)s/supvisorsd.log
${node.listener ?? ''}`;
  return `${node.header ?? ''}[supervisord]
nodaemon = true
logfile = %(here)s/supervisord.log
pidfile = %(here)s/supervisord.pid
childlogdir = %(here)s
identifier = ${node.identifier}
environment = SUPVISORS_ARGS_DIR="%(here)s/args"

[unix_http_server]
file = %(here)s/supervisor.sock

[inet_http_server]
port = ${node.host}:${node.supervisordPort}
username = ${user}
password = ${password}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
${supervisorctl}

[supvisors]
http_port = ${node.httpPort}
disabilities_file = %(here)s/state/disabilities.json
numprocs_file = %(here)s/state/numprocs.json
${node.supvisors}

${node.runtime === false ? '' : listener}

${(node.programs ?? '').replaceAll('%(shim)s', paths.shim)}
`.replaceAll('%(here)s', node.dir);
}
