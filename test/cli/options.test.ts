/**
 * supvisorsctl's command line and settings (pure): getopt's rules as supervisorctl has them,
 * precedence command line > [supervisorctl] section > defaults, server URLs, the section
 * itself, help layout and completion targets.
 */
import assert from 'node:assert/strict';
import type { Command } from '../../cli/command.js';
import { Completer, completionTarget, matching, namespecCandidates } from '../../cli/completion.js';
import { parseSupervisorctlSection } from '../../cli/config-file.js';
import { columnize, helpIndex, helpLines, topicHelp } from '../../cli/help.js';
import { checkServerUrl, parseCommandLine, resolveSettings, type CommandLineOptions } from '../../cli/options.js';
import { historyFromText, historyToText } from '../../cli/shell.js';
import { speaksApiVersion } from '../../cli/upcheck.js';

function line(argv: string[]): CommandLineOptions {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

function problem(argv: string[]): string {
  const parsed = parseCommandLine(argv);
  assert.equal(parsed.ok, false, `expected ${argv.join(' ')} to be refused`);
  return parsed.ok ? '' : parsed.problem;
}

const context = { env: { PORT: '61001', USER_NAME: 'lambda' }, cwd: '/work', home: '/home/me' };

function command(name: string, args: Command['args'], upcheck = true): Command {
  return { name, usage: `${name} ...`, help: [`${name} help`], args, upcheck, run: () => Promise.resolve(0) };
}

describe('supvisorsctl options', () => {
  it('reads short and long options, grouped, attached or apart, up to the first word that is not one', () => {
    const parsed = line(['-iuuser', '-p', 'secret', '--serverurl=http://h:1', '-r', 'hist', '--json', '--timeout', '2.5', 'sstatus', '-h', 'app']);
    assert.deepEqual(parsed, {
      serverurl: 'http://h:1',
      username: 'user',
      password: 'secret',
      historyFile: 'hist',
      timeoutMs: 2500,
      interactive: true,
      help: false,
      version: false,
      json: true,
      args: ['sstatus', '-h', 'app'],
    });
    assert.deepEqual(line(['--', '-x']).args, ['-x']);
    assert.equal(line(['--history_file', 'h']).historyFile, 'h');
    assert.equal(line(['--history-file=h']).historyFile, 'h');
  });

  it('takes an unambiguous prefix of a long option, as getopt does', () => {
    assert.equal(line(['--server', 'http://h:1']).serverurl, 'http://h:1');
    assert.equal(line(['--hist', 'h']).historyFile, 'h');
    assert.equal(line(['--vers']).version, true);
    assert.equal(problem(['--nope']), 'option --nope not recognized');
  });

  it("says what is wrong in supervisorctl's words", () => {
    assert.equal(problem(['-x']), 'option -x not recognized');
    assert.equal(problem(['-s']), 'option -s requires argument');
    assert.equal(problem(['--json=1']), 'option --json must not have an argument');
    assert.equal(problem(['-s', 'http://a:1', '-s', 'http://b:1']), "conflicting command line option '-s'");
    assert.equal(problem(['-i', '--interactive']), "conflicting command line option '--interactive'");
    assert.equal(problem(['-s', 'foo']), "invalid value for -s 'foo': value 'foo' is not a URL");
    assert.equal(problem(['--timeout', 'x']), "invalid value for --timeout 'x': value 'x' is not a number of seconds > 0");
    assert.match(problem(['-s', 'unix:///tmp/supervisor.sock']), /does not support unix:\/\/ server URLs/);
  });

  it('-h wins over the options read, once getopt accepted them all', () => {
    assert.equal(problem(['-h', '-x']), 'option -x not recognized');
    assert.equal(line(['-u', 'x', '-h', 'status']).help, true);
    assert.equal(line(['-?']).help, true);
  });

  it('accepts http and https URLs of a host, without a path', () => {
    assert.equal(checkServerUrl('http://localhost:9001').ok, true);
    assert.equal(checkServerUrl('https://node-1:61001/').ok, true);
    assert.equal(checkServerUrl('http://node-1:61001/RPC2').ok, true);
    assert.equal(checkServerUrl('ftp://node-1').ok, false);
    assert.equal(checkServerUrl('http://node-1:61001/other').ok, false);
  });

  it('command line over the [supervisorctl] section over the defaults', () => {
    const section = { file: '/etc/s.conf', serverurl: 'http://conf:2', username: 'conf-user', password: 'conf-pass', prompt: 'mine', historyFile: '/h' };
    const defaults = resolveSettings(line([]), undefined);
    assert.deepEqual(defaults, { ok: true, value: { serverurl: 'http://localhost:9001', prompt: 'supvisors> ', interactive: true, json: false, args: [] } });
    const fromFile = resolveSettings(line(['sversion']), section);
    assert.deepEqual(fromFile, {
      ok: true,
      value: { serverurl: 'http://conf:2', username: 'conf-user', password: 'conf-pass', prompt: 'mine> ', historyFile: '/h', interactive: false, json: false, args: ['sversion'] },
    });
    const overridden = resolveSettings(line(['-s', 'http://cli:3', '-u', 'cli-user', '-p', 'cli-pass', '-r', '/cli-h', '-i', 'sversion']), section);
    assert.deepEqual(overridden, {
      ok: true,
      value: { serverurl: 'http://cli:3', username: 'cli-user', password: 'cli-pass', prompt: 'mine> ', historyFile: '/cli-h', interactive: true, json: false, args: ['sversion'] },
    });
  });

  it('refuses a unix:// serverurl from the file, naming the file', () => {
    const settings = resolveSettings(line(['sversion']), { file: '/etc/supervisor/supervisord.conf', serverurl: 'unix:///var/run/supervisor.sock' });
    assert.equal(settings.ok, false);
    assert.match(settings.ok ? '' : settings.problem, /^\/etc\/supervisor\/supervisord.conf: \[supervisorctl\] serverurl 'unix:\/\/\/var\/run\/supervisor.sock': supvisorsctl does not support unix/);
  });

  it('reads the [supervisorctl] section with expansions; history_file made absolute', () => {
    const text = '[supervisord]\nlogfile = x\n\n[supervisorctl]\nserverurl = http://127.0.0.1:%(ENV_PORT)s ; the runtime\nusername = %(ENV_USER_NAME)s\npassword = p#1\nprompt = node\nhistory_file = ~/.ctl_history\n';
    assert.deepEqual(parseSupervisorctlSection(text, '/etc/s.conf', context), {
      ok: true,
      value: { file: '/etc/s.conf', serverurl: 'http://127.0.0.1:61001', username: 'lambda', password: 'p#1', prompt: 'node', historyFile: '/home/me/.ctl_history' },
    });
    assert.deepEqual(parseSupervisorctlSection('[supervisorctl]\nhistory_file = %(here)s/h\n', '/etc/x/s.conf', context), { ok: true, value: { file: '/etc/x/s.conf', historyFile: '/etc/x/h' } });
  });

  it('refuses a file without the section, or with a bad expansion', () => {
    assert.deepEqual(parseSupervisorctlSection('[supervisord]\n', '/etc/s.conf', context), { ok: false, problem: '/etc/s.conf: .ini file does not include supervisorctl section' });
    const bad = parseSupervisorctlSection('[supervisorctl]\nserverurl = %(ENV_NOPE)s\n', '/etc/s.conf', context);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.problem, /^\/etc\/s.conf:2: \[supervisorctl\] serverurl/);
  });

  it('speaks API 0.19 and its patch versions only', () => {
    assert.equal(speaksApiVersion('0.19'), true);
    assert.equal(speaksApiVersion('0.19.1'), true);
    assert.equal(speaksApiVersion('0.18'), false);
    assert.equal(speaksApiVersion('0.190'), false);
  });
});

describe('supvisorsctl help layout', () => {
  it("columnizes as Python's cmd module", () => {
    const names = ['add', 'avail', 'clear', 'exit', 'fg', 'maintail', 'open', 'pid', 'quit', 'reload', 'remove', 'reread', 'restart', 'shutdown', 'signal', 'start', 'status', 'stop', 'tail', 'update', 'version'];
    // supervisorctl 4.2's `help`, default commands.
    assert.deepEqual(columnize(names), [
      'add    exit      open  reload  restart   start   tail   ',
      'avail  fg        pid   remove  shutdown  status  update ',
      'clear  maintail  quit  reread  signal    stop    version',
    ]);
    assert.deepEqual(columnize(['one']), ['one']);
  });

  it('lists the default and the Supvisors commands apart, with usage and help per topic', () => {
    const commands = [command('status', ['namespec'], false), command('sversion', []), command('sstate', ['instance'])];
    const index = helpIndex(commands);
    assert.deepEqual(index, { default: ['exit', 'quit', 'status'], supvisors: ['sstate', 'sversion'] });
    assert.deepEqual(helpLines(index), [
      '',
      'default commands (type help <topic>):',
      '=====================================',
      'exit  quit  status',
      '',
      '',
      'supvisors commands (type help <topic>):',
      '=======================================',
      'sstate  sversion',
      '',
    ]);
    assert.deepEqual(topicHelp('sstate', commands), ['sstate ...', 'sstate help']);
    assert.deepEqual(topicHelp('help', commands), ['help\t\tPrint a list of available actions', 'help <action>\tPrint help for <action>']);
    assert.equal(topicHelp('constructor', commands), undefined);
  });
});

describe('supvisorsctl completion', () => {
  const commands = [command('sversion', []), command('sstate', ['instance']), command('start_application', ['strategy', 'application']), command('tail', ['namespec', 'text'], false)];

  it('completes the action first, then each argument by its kind, the last kind repeating', () => {
    assert.deepEqual(completionTarget('', commands), { kind: 'action', word: '' });
    assert.deepEqual(completionTarget('  sv', commands), { kind: 'action', word: 'sv' });
    assert.deepEqual(completionTarget('help sv', commands), { kind: 'action', word: 'sv' });
    assert.deepEqual(completionTarget('start_application ', commands), { kind: 'strategy', word: '' });
    assert.deepEqual(completionTarget('start_application CONFIG my', commands), { kind: 'application', word: 'my' });
    assert.deepEqual(completionTarget('start_application CONFIG a b', commands), { kind: 'application', word: 'b' });
    assert.equal(completionTarget('tail app:x ', commands), undefined);
    assert.equal(completionTarget('sversion x', commands), undefined);
    assert.equal(completionTarget('nope x', commands), undefined);
  });

  it('matches prefixes; a single match gets its trailing space', () => {
    assert.deepEqual(matching(['sversion', 'sstate', 'status'], 'sv'), ['sversion ']);
    assert.deepEqual(matching(['sversion', 'sstate', 'status', 'sstate'], 's'), ['sstate', 'status', 'sversion']);
    assert.deepEqual(namespecCandidates([{ application_name: 'solo', process_name: 'solo' }, { application_name: 'app', process_name: 'w_0' }]), ['solo', 'app:w_0', 'app:*']);
  });

  it('caches fetched names, and answers nothing when the node is slow or failing', async () => {
    let calls = 0;
    let clock = 0;
    const completer = new Completer(
      commands,
      (kind) => {
        calls += 1;
        return kind === 'instance' ? Promise.resolve(['node-1', 'nick-1']) : Promise.reject(new Error('down'));
      },
      { ttlMs: 5000, waitMs: 50, now: () => clock },
    );
    assert.deepEqual(await completer.complete('sstate no'), [['node-1 '], 'no']);
    assert.deepEqual(await completer.complete('sstate ni'), [['nick-1 '], 'ni']);
    assert.equal(calls, 1);
    clock = 6000;
    await completer.complete('sstate n');
    assert.equal(calls, 2);
    assert.deepEqual(await completer.complete('start_application CONFIG a'), [[], 'a']);
    assert.deepEqual(await completer.complete('start_application LESS'), [['LESS_LOADED', 'LESS_LOADED_NODE'], 'LESS']);
    const withPlugins = new Completer(commands, (kind) => Promise.resolve(kind === 'strategy' ? ['ROUND_ROBIN'] : ['node-1']));
    assert.deepEqual(await withPlugins.complete('start_application R'), [['ROUND_ROBIN '], 'R'], "a node's plugin strategies complete too");
    assert.deepEqual(await withPlugins.complete('start_application CON'), [['CONFIG '], 'CON']);
    const slow = new Completer(commands, () => new Promise(() => undefined), { waitMs: 20 });
    const started = Date.now();
    assert.deepEqual(await slow.complete('sstate '), [[], '']);
    assert.deepEqual(await slow.complete('start_application LESS_LOADED_'), [['LESS_LOADED_NODE '], 'LESS_LOADED_'], 'built-ins without waiting on the node for long');
    assert.ok(Date.now() - started < 1000);
  });
});

describe('supvisorsctl history file', () => {
  it('is read newest first and written oldest first, bounded', () => {
    assert.deepEqual(historyFromText('one\ntwo\n\nthree\n'), ['three', 'two', 'one']);
    assert.equal(historyToText(['three', 'two', 'one']), 'one\ntwo\nthree\n');
    assert.equal(historyToText([]), '');
    const many = Array.from({ length: 1500 }, (_, index) => `line ${index}`);
    const read = historyFromText(`${many.join('\n')}\n`);
    assert.equal(read.length, 1000);
    assert.equal(read[0], 'line 1499');
  });
});
