/**
 * The Logs page (`/logs/<identifier>?process=<namespec|supervisord>&stream=stdout|stderr`): a
 * process's stdout or stderr, or supervisord's main log, of any instance, followed in the page
 * (log-follow.ts) and bounded to its last 64 KiB. Follow pauses and resumes; Clear and Download
 * act on the serving node's supervisord only (another node's log is read through the API, never
 * from a second origin).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { MAIN_LOG, type LogStream } from '../../../contract/supvisors-logs.js';
import { call } from '../../data/api.js';
import { linkTo, select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { ActionButton } from '../../ui/action-button.js';
import { followLocal, followRemote } from './log-follow.js';
import type { LogTarget } from './log-target.js';
import { joinOverlap, withPiece, type FollowedLog } from './log-text.js';
import './logs.css';

type Status = 'starting' | 'following' | 'paused' | { readonly failure: string };

/** The followed log of `target` while `follow` is on; undefined target: nothing to follow yet. */
function useFollowedLog(target: LogTarget | undefined, local: boolean, follow: boolean) {
  const [log, setLog] = useState<FollowedLog | undefined>(undefined);
  const [status, setStatus] = useState<Status>('starting');
  const key = target === undefined ? '' : `${target.identifier} ${target.namespec} ${target.stream}`;
  useEffect(() => setLog(undefined), [key]);
  useEffect(() => {
    if (target === undefined) return undefined;
    if (!follow) {
      setStatus('paused');
      return undefined;
    }
    setStatus('starting');
    const follower = (local ? followLocal : followRemote)(target, {
      first: (piece) => {
        setLog(withPiece(undefined, piece));
        setStatus('following');
      },
      more: (piece) => {
        setLog((previous) => (typeof piece === 'string' ? { text: joinOverlap(previous?.text ?? '', piece), offset: previous?.offset ?? 0 } : withPiece(previous, piece)));
        setStatus('following');
      },
      failed: (failure) => setStatus({ failure }),
    });
    return () => follower.stop();
  }, [key, local, follow]);
  return { log, status, clear: () => setLog({ text: '', offset: 0 }) };
}

function statusText(status: Status): string {
  return typeof status === 'string' ? status : `failed: ${status.failure}`;
}

/** The whole log of the serving node, saved as a file. */
async function download(target: LogTarget, nick: string): Promise<void> {
  const text =
    target.namespec === MAIN_LOG
      ? await call('supervisor.readLog', 0, 0)
      : await call(target.stream === 'stderr' ? 'supervisor.readProcessStderrLog' : 'supervisor.readProcessStdoutLog', target.namespec, 0, 0);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  link.download = `${nick}-${target.namespec.replace(':', '_')}-${target.stream}.log`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export function LogsPage(props: PageProps) {
  const view = cluster.value;
  const identifier = props.route.subject ?? '';
  const namespec = props.route.query['process'] ?? MAIN_LOG;
  const stream: LogStream = namespec !== MAIN_LOG && props.route.query['stream'] === 'stderr' ? 'stderr' : 'stdout';
  const instance = view.instances.get(identifier);
  const serving = view.supvisors?.identifier;
  const local = identifier === serving;
  const [follow, setFollow] = useState(true);
  const target = serving === undefined || instance === undefined ? undefined : { identifier, namespec, stream };
  const { log, status, clear } = useFollowedLog(target, local, follow);
  const output = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const element = output.current;
    if (follow && element !== null) element.scrollTop = element.scrollHeight;
  }, [log, follow]);
  if (view.supvisors === undefined) return <p class="muted">loading…</p>;
  if (instance === undefined) {
    return (
      <section class="card">
        <h1>No such instance: {identifier}</h1>
        <a {...linkTo({ page: 'main', query: {} })}>Back to the overview</a>
      </section>
    );
  }
  const rows = view.local.get(identifier);
  const row = rows?.get(namespec);
  const names = [...(rows?.keys() ?? [])];
  const onlyHere = local ? undefined : `only on the serving node (${view.supvisors.nick_identifier}); open this page on ${instance.nick_identifier}'s port`;
  return (
    <section class="logs-page" data-instance={identifier} data-process={namespec} data-stream={stream} data-follow={String(follow)}>
      <div class="toolbar">
        <h1>
          {namespec === MAIN_LOG ? 'supervisord main log' : `${namespec} ${stream}`} on{' '}
          <a {...linkTo({ page: 'instance', subject: identifier, query: {} })}>{instance.nick_identifier}</a>
        </h1>
        <label>
          log of{' '}
          <select data-choose="process" value={namespec} onChange={(event) => select({ process: event.currentTarget.value, stream: undefined })}>
            <option value={MAIN_LOG}>supervisord</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span class="choices" role="group" aria-label="stream">
          {(['stdout', 'stderr'] as const).map((one) => (
            <button key={one} type="button" data-stream={one} aria-pressed={one === stream} disabled={namespec === MAIN_LOG && one === 'stderr'} onClick={() => select({ stream: one === 'stdout' ? undefined : one })}>
              {one}
            </button>
          ))}
        </span>
        <button type="button" data-action="follow" aria-pressed={follow} title={follow ? 'stop following (the text stays)' : 'follow the log again'} onClick={() => setFollow(!follow)}>
          Follow
        </button>
        <span class="status" data-status={typeof status === 'string' ? status : 'failed'}>
          {statusText(status)}
          {local ? ' · streamed by supervisord' : ' · read every second through this node'}
        </span>
        <span class="apart">
          <ActionButton name="download" label="Download" title={onlyHere ?? 'the whole log as a file'} disabled={!local} run={() => download({ identifier, namespec, stream }, instance.nick_identifier)} done="log downloaded" />
          <ActionButton
            name="clear"
            label="Clear log"
            danger
            confirm={`Clear the logs of ${namespec} on ${instance.nick_identifier}?`}
            title={onlyHere}
            disabled={!local}
            run={async () => {
              await (namespec === MAIN_LOG ? call('supervisor.clearLog') : call('supervisor.clearProcessLogs', namespec));
              clear();
            }}
            done="log cleared"
          />
        </span>
      </div>
      {namespec !== MAIN_LOG && row === undefined && <p class="muted">{namespec} is not known on {instance.nick_identifier}.</p>}
      <pre class="log" ref={output} data-log={namespec}>
        {log?.text ?? ''}
      </pre>
      <p class="muted">The page keeps the last 64 KiB of the log.</p>
    </section>
  );
}
