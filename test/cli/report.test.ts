import assert from 'node:assert/strict';
import { BadNameFault, ClientConnectionError } from '../../client/index.js';
import { ExitCodes } from '../../cli/exit-codes.js';
import { interruptedText, Report, usageError } from '../../cli/report.js';
import { RecordingOutput } from './recording-output.js';

describe('cli/report: what a Supvisors command reports', () => {
  const fault = new BadNameFault('BAD_NAME: application=nope unknown to Supvisors', 'supvisors.start_application');

  it('text: result lines, fault lines on stdout as Python, exit 1 after a fault', () => {
    const out = new RecordingOutput();
    const report = new Report(out);
    report.result({ application: 'web', started: true }, 'web started: True');
    report.fault(fault, { application: 'nope' }, 'nope: ');
    assert.equal(report.end(), ExitCodes.GENERIC);
    assert.deepEqual(out.lines, ['web started: True', 'nope: ERROR (BAD_NAME: application=nope unknown to Supvisors)']);
    assert.deepEqual(out.errors, []);
  });

  it('JSON: one document, results and errors (about, code, fault name, message)', () => {
    const out = new RecordingOutput(true);
    const report = new Report(out);
    report.result({ application: 'web', started: true }, 'web started: True');
    report.fault(fault, { application: 'nope' });
    report.failure({ application: 'x' }, 'no such application', 'x: ERROR (no such application)', ExitCodes.INVALID_ARGS);
    assert.equal(report.end(), ExitCodes.INVALID_ARGS, 'the last assignment wins');
    assert.deepEqual(out.lines, []);
    assert.deepEqual(out.documents, [
      {
        results: [{ application: 'web', started: true }],
        errors: [
          { application: 'nope', code: 10, fault: 'BAD_NAME', message: 'BAD_NAME: application=nope unknown to Supvisors' },
          { application: 'x', message: 'no such application' },
        ],
      },
    ]);
  });

  it('a body of its own; interrupted said on stderr (text) or in the document (JSON), exit 1', () => {
    const text = new RecordingOutput();
    const report = new Report(text);
    report.interrupt('web is still starting');
    assert.equal(report.end(), ExitCodes.GENERIC);
    assert.deepEqual(text.errors, ['interrupted: web is still starting at the server (not cancelled)']);
    const json = new RecordingOutput(true);
    const other = new Report(json);
    other.interrupt('web is still starting');
    other.end({ state: null });
    assert.deepEqual(json.documents, [{ state: null, errors: [], interrupted: interruptedText('web is still starting') }]);
    assert.deepEqual(json.errors, []);
  });

  it('rethrows what is not a fault (the caller reports it)', () => {
    const report = new Report(new RecordingOutput());
    const lost = new ClientConnectionError('supvisors.start_application', 'refused', 1);
    assert.throws(() => report.fault(lost), ClientConnectionError);
    assert.equal(report.code, ExitCodes.SUCCESS);
  });

  it('an argument error: the ERROR line, the usage and help, exit 2', () => {
    const out = new RecordingOutput();
    assert.equal(usageError(out, { usage: 'loglevel <level>', help: ['one', 'two'] }, 'ERROR: loglevel requires a level'), ExitCodes.INVALID_ARGS);
    assert.deepEqual(out.errors, ['ERROR: loglevel requires a level']);
    assert.deepEqual(out.lines, ['loglevel <level>', 'one', 'two']);
  });
});
