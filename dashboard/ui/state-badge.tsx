/**
 * A state written out and coloured, with a shape for the colour-blind: ● running, ◐ moving,
 * ○ stopped, ✕ failed, ? unknown. Used for processes, applications, instances and Supvisors.
 */
export type Tone = 'running' | 'moving' | 'stopped' | 'failed' | 'unknown';

const TONES: Readonly<Record<string, Tone>> = {
  RUNNING: 'running',
  OPERATION: 'running',
  STARTING: 'moving',
  STOPPING: 'moving',
  BACKOFF: 'moving',
  CHECKING: 'moving',
  CHECKED: 'moving',
  ELECTION: 'moving',
  SYNCHRONIZATION: 'moving',
  DISTRIBUTION: 'moving',
  CONCILIATION: 'failed',
  RESTARTING: 'moving',
  SHUTTING_DOWN: 'moving',
  STOPPED: 'stopped',
  EXITED: 'stopped',
  UNKNOWN: 'unknown',
  FATAL: 'failed',
  FAILED: 'failed',
  ISOLATED: 'failed',
  OFF_LINE: 'failed',
  SILENT: 'failed',
  SHUTDOWN: 'stopped',
  FINAL: 'stopped',
};

const SHAPES: Readonly<Record<Tone, string>> = { running: '●', moving: '◐', stopped: '○', failed: '✕', unknown: '?' };

export function toneOf(state: string, crashed = false): Tone {
  if (crashed) return 'failed';
  return TONES[state] ?? 'unknown';
}

export function StateBadge(props: { readonly state: string; readonly crashed?: boolean; readonly title?: string }) {
  const tone = toneOf(props.state, props.crashed);
  return (
    <span class={`state ${tone}`} data-state={props.state} title={props.title}>
      <span aria-hidden="true">{SHAPES[tone]}</span> {props.state}
    </span>
  );
}

/** A small light: the menu's instance and application marks. */
export function Light(props: { readonly tone: Tone; readonly title: string }) {
  return <span class={`light ${props.tone}`} role="img" aria-label={props.title} title={props.title} />;
}
