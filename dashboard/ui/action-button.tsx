/**
 * A button that runs an action: disabled while it runs ("…" on it), then its outcome in the
 * message bar (success or the fault text) and for a moment on the button itself. A destructive
 * one (`confirm`) asks first, and is drawn apart (`danger`).
 */
import { useState } from 'preact/hooks';
import { failureText } from '../data/api.js';
import { notify } from '../data/notices.js';

export interface ActionButtonProps {
  readonly label: string;
  /** What it does; its result is ignored, a rejection is the failure shown. */
  readonly run: () => Promise<unknown>;
  /** The message on success (default: `<label>: done`). */
  readonly done?: string;
  /** Asked before running: a destructive action. */
  readonly confirm?: string;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  readonly title?: string;
  /** For the tests and the keyboard shortcuts. */
  readonly name?: string;
}

type Phase = 'idle' | 'running' | 'ok' | 'failed';

export function ActionButton(props: ActionButtonProps) {
  const [phase, setPhase] = useState<Phase>('idle');
  const onClick = async (): Promise<void> => {
    if (props.confirm !== undefined && !window.confirm(props.confirm)) return;
    setPhase('running');
    try {
      await props.run();
      setPhase('ok');
      notify('success', props.done ?? `${props.label}: done`);
    } catch (thrown) {
      setPhase('failed');
      notify('error', `${props.label}: ${failureText(thrown)}`);
    }
    setTimeout(() => setPhase('idle'), 1500);
  };
  const classes = ['action', props.danger === true ? 'danger' : '', phase].filter((one) => one !== '').join(' ');
  return (
    <button type="button" class={classes} data-action={props.name ?? props.label} title={props.title} disabled={props.disabled === true || phase === 'running'} aria-busy={phase === 'running'} onClick={() => void onClick()}>
      {phase === 'running' ? `${props.label}…` : props.label}
    </button>
  );
}
