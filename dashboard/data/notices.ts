/** The outcomes of the actions, newest first, shown in the page's message bar (ui/notice-bar.tsx). */
import { signal } from '@preact/signals';

export type Gravity = 'info' | 'success' | 'error';

export interface Notice {
  readonly id: number;
  readonly gravity: Gravity;
  readonly text: string;
  /** Wall-clock time, ms. */
  readonly at: number;
}

const KEPT = 20;
let nextId = 1;

export const notices = signal<readonly Notice[]>([]);

export function notify(gravity: Gravity, text: string): void {
  notices.value = [{ id: nextId++, gravity, text, at: Date.now() }, ...notices.value].slice(0, KEPT);
}

export function dismiss(id: number): void {
  notices.value = notices.value.filter((notice) => notice.id !== id);
}
