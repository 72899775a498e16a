import assert from 'node:assert/strict';
import type { Alert } from '../../alerts/detect.js';
import { alertBody, alertMail, redactedUrl } from '../../alerts/render.js';

const crash: Alert = { kind: 'EXITED', time: 1_700_000_000, identifier: 'a:60001', subject: 'app:core', message: 'app:core exited unexpectedly on a:60001 (exit status 3)' };
const lost: Alert = { kind: 'INSTANCE_LOST', time: 1_700_000_001, identifier: 'b:60001', subject: '', message: 'instance b:60001 lost (now FAILED)' };

describe('alerts render', () => {
  it('makes one mail of a batch: the first alert in the subject, one line each, the suppressed count', () => {
    const mail = alertMail({ alerts: [crash, lost], suppressed: 2 }, 'a:60001');
    assert.equal(mail.subject, '[supvisors] app:core exited unexpectedly on a:60001 (exit status 3) (+1 more)');
    assert.equal(
      mail.text,
      '2023-11-14T22:13:20.000Z EXITED app:core exited unexpectedly on a:60001 (exit status 3)\n' +
        '2023-11-14T22:13:21.000Z INSTANCE_LOST instance b:60001 lost (now FAILED)\n' +
        '2 alerts suppressed (alert_max_per_hour)\n\nSent by the Supvisors Master a:60001.\n',
    );
    assert.equal(alertMail({ alerts: [], suppressed: 1 }, 'a:60001').subject, '[supvisors] 1 alert suppressed (alert_max_per_hour)');
  });

  it('makes the webhook body of a batch', () => {
    assert.deepEqual(alertBody({ alerts: [crash], suppressed: 0 }, 'a:60001', 1_700_000_010), {
      source: 'supvisors',
      master: 'a:60001',
      sent: 1_700_000_010,
      alerts: [{ kind: 'EXITED', time: 1_700_000_000, identifier: 'a:60001', subject: 'app:core', message: 'app:core exited unexpectedly on a:60001 (exit status 3)' }],
      suppressed: 0,
    });
  });

  it('shows URLs without credentials nor query', () => {
    assert.equal(redactedUrl('smtp://user:secret@mail.example.com:587'), 'smtp://mail.example.com:587');
    assert.equal(redactedUrl('https://hooks.example.com/x?token=secret'), 'https://hooks.example.com/x');
  });
});
