/**
 * Python supvisorsctl's upcheck (spec/cli.md §2), run before every Supvisors command:
 * `supvisors.get_api_version()` must answer the API version this client speaks. Also how any
 * error escaping a command is told to the user, with supervisorctl's texts and exit codes.
 */
import { ClientConnectionError, ClientHttpError, SupvisorsFault, UnknownMethodFault, type ClientError, type SupvisorsClient } from '../client/index.js';
import { ExitCodes, type ExitCode } from './exit-codes.js';

/** The Supvisors API this client speaks (0.19, any 0.19.x). */
export const API_VERSION = '0.19';

/** Python compares strings exactly; we take 0.19 and its patch versions (our runtime answers 0.19.1 by default). */
export function speaksApiVersion(version: string): boolean {
  return version === API_VERSION || version.startsWith(`${API_VERSION}.`);
}

/** A failure to report: its line and the exit code. */
export interface Failure {
  readonly code: ExitCode;
  readonly message: string;
}

export function versionMismatch(remote: string): Failure {
  return {
    code: ExitCodes.NOT_INSTALLED,
    message: `ERROR: this version of supvisorsctl expects to talk to a server with API version ${API_VERSION}, but the remote version is ${remote}.`,
  };
}

export const noSupvisorsNamespace: Failure = {
  code: ExitCodes.UNIMPLEMENTED,
  message:
    'ERROR: supervisord responded but did not recognize the supvisors namespace commands that supvisorsctl uses to control it. ' +
    'Please check that the [rpcinterface:supvisors] section is enabled in the configuration file ' +
    "(for supvisorsd: that the server URL is supvisorsd's http_port, not supervisord's port).",
};

/** The system error code under a client error (ECONNREFUSED...), if any. */
function systemCode(error: ClientError): string | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    cause = cause.cause;
  }
  return undefined;
}

/**
 * What an error escaping a command (or the upcheck) prints and exits with, as supervisorctl:
 * refused connection → exit 4; HTTP 401 → `Server requires authentication`, exit 1; anything
 * else → `error: <class>, <message>`, exit 1 (Python adds a file and line we do not have).
 */
export function describeFailure(error: unknown, serverurl: string): Failure {
  if (error instanceof ClientConnectionError && systemCode(error) === 'ECONNREFUSED') {
    return { code: ExitCodes.NOPERM, message: `ERROR: ${serverurl} refused connection` };
  }
  if (error instanceof ClientHttpError && error.status === 401) return { code: ExitCodes.GENERIC, message: 'Server requires authentication' };
  if (error instanceof SupvisorsFault) return { code: ExitCodes.GENERIC, message: `error: ${error.name}, ${error.method}: ${error.faultCode} ${error.faultString}` };
  if (error instanceof Error) return { code: ExitCodes.GENERIC, message: `error: ${error.name}, ${error.message}` };
  return { code: ExitCodes.GENERIC, message: `error: ${String(error)}` };
}

/** Ctrl-C during the upcheck: nothing was asked of the node yet but its version. */
export function interrupted(serverurl: string): Failure {
  return { code: ExitCodes.GENERIC, message: `ERROR: interrupted while waiting for ${serverurl}` };
}

/** The upcheck: undefined when the node speaks our API, else the failure to report; Ctrl-C (`signal`) stops the wait. */
export async function upcheck(client: SupvisorsClient, serverurl: string, signal: AbortSignal): Promise<Failure | undefined> {
  if (signal.aborted) return interrupted(serverurl);
  let onAbort = (): void => undefined;
  const aborted = new Promise<Failure>((resolve) => {
    onAbort = () => resolve(interrupted(serverurl));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([check(client, serverurl), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function check(client: SupvisorsClient, serverurl: string): Promise<Failure | undefined> {
  try {
    // No retry: a refused connection is reported at once, as supervisorctl does.
    const version = await client.with({ retries: 0 }).supvisors.get_api_version();
    return speaksApiVersion(version) ? undefined : versionMismatch(version);
  } catch (error) {
    if (error instanceof UnknownMethodFault) return noSupvisorsNamespace;
    return describeFailure(error, serverurl);
  }
}
