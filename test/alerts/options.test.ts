import assert from 'node:assert/strict';
import { expand, expansionVariables } from '../../config/expansion.js';
import { loadConfig } from '../../config/load-config.js';
import { optionTable, type OptionContext, type OptionSpec } from '../../config/options.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { TempDir } from '../config/temp-files.js';

describe('alerts options', () => {
  let dir: TempDir;
  let context: OptionContext;
  beforeEach(() => {
    dir = new TempDir();
    const variables = expansionVariables({ hostname: 'node1', env: {} }, dir.path);
    context = { cwd: dir.path, home: '/home/me', httpPort: 60001, expand: (text) => expand(text, variables), warn: () => undefined };
  });
  afterEach(() => dir.remove());

  const parse = <T>(spec: OptionSpec<T>, text: string): ReturnType<OptionSpec<T>['parse']> => spec.parse(text, context);

  it('reads mail addresses, URLs, kinds, the window and the hourly limit', () => {
    assert.deepEqual(parse(optionTable.alertMailTo, 'ops@example.com, oncall@example.com,ops@example.com'), { ok: true, value: ['ops@example.com', 'oncall@example.com'] });
    assert.deepEqual(parse(optionTable.alertMailFrom, 'sv@example.com'), { ok: true, value: 'sv@example.com' });
    assert.deepEqual(parse(optionTable.alertSmtpUrl, 'smtps://u:p%40ss@mail.example.com'), { ok: true, value: 'smtps://u:p%40ss@mail.example.com' });
    assert.deepEqual(parse(optionTable.alertWebhookUrl, 'https://hooks.example.com/x?token=t'), { ok: true, value: 'https://hooks.example.com/x?token=t' });
    assert.deepEqual(parse(optionTable.alertEvents, 'fatal, Instance_Lost,FATAL'), { ok: true, value: ['FATAL', 'INSTANCE_LOST'] });
    assert.deepEqual(parse(optionTable.alertBatchSeconds, '0.5'), { ok: true, value: 0.5 });
    assert.deepEqual(parse(optionTable.alertMaxPerHour, '100'), { ok: true, value: 100 });
  });

  it('refuses bad values, saying what is allowed', () => {
    const problem = (spec: OptionSpec<unknown>, text: string): string => {
      const parsed = parse(spec, text);
      return parsed.ok ? 'accepted' : parsed.problem;
    };
    assert.equal(problem(optionTable.alertMailTo, 'ops'), 'expected a comma-separated list of mail addresses such as ops@example.com');
    assert.equal(problem(optionTable.alertMailFrom, 'a b@c'), 'expected a mail address such as supvisors@example.com');
    assert.equal(problem(optionTable.alertSmtpUrl, 'http://u:secret@mail'), 'expected a URL such as smtp://user:password@mail.example.com:587 or smtps://mail.example.com');
    assert.equal(problem(optionTable.alertWebhookUrl, 'ftp://h/x'), 'expected a URL such as https://hooks.example.com/supvisors');
    assert.equal(problem(optionTable.alertEvents, 'CRASH'), 'expected a comma-separated list of EXITED, FATAL, INSTANCE_LOST, CONFLICT, MAJOR_FAILURE (any case)');
    assert.notEqual(problem(optionTable.alertBatchSeconds, '3601'), 'accepted');
    assert.notEqual(problem(optionTable.alertMaxPerHour, '0'), 'accepted');
  });

  it('is a configuration error naming the option', () => {
    dir.write({ 'supervisord.conf': '[supervisord]\n[inet_http_server]\nport = 127.0.0.1:60000\n[supvisors]\nalert_max_per_hour = 0\n' });
    assert.throws(
      () => loadConfig(dir.file('supervisord.conf'), {}, { cwd: dir.path }),
      (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message.includes('[supvisors] alert_max_per_hour = "0": expected an integer in 1..100000'),
    );
  });
});
