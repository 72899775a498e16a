/** The message bar: the latest action outcomes, each dismissable, errors kept until dismissed. */
import { dismiss, notices } from '../data/notices.js';

export function NoticeBar() {
  const shown = notices.value.slice(0, 3);
  if (shown.length === 0) return null;
  return (
    <div class="notices" role="status" aria-live="polite">
      {shown.map((notice) => (
        <div key={notice.id} class={`notice ${notice.gravity}`} data-gravity={notice.gravity}>
          <span class="notice-time">{new Date(notice.at).toLocaleTimeString()}</span> {notice.text}
          <button type="button" class="link" aria-label="dismiss" onClick={() => dismiss(notice.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
