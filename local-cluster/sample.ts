/**
 * The sample cluster of `npm run demo`, the dashboard's tests and its bench: programs written
 * in every node's configuration, and the rules file that makes two of their groups applications.
 */

/**
 * The sample programs, the same on every node (Supvisors places them): `web` is started at
 * DISTRIBUTION in sequence (db, then server, then proxy), `batch` on demand (workers taking
 * extra arguments through the shim, spread by load), `tools` is not in the rules (unmanaged).
 */
export const SAMPLE_PROGRAMS = `[group:web]
programs = db,server,proxy

[program:db]
command = sh -c 'echo "db up"; exec sleep 100000'
autostart = false
startsecs = 1

[program:server]
command = sh -c 'echo "server up"; exec sleep 100000'
autostart = false
startsecs = 1

[program:proxy]
command = sh -c 'echo "proxy up"; exec sleep 100000'
autostart = false
startsecs = 0

[group:batch]
programs = worker

[program:worker]
command = %(shim)s sh -c 'echo "worker started with: $*"; exec sleep 100000' worker
process_name = %(program_name)s_%(process_num)d
numprocs = 3
autostart = false
startsecs = 0

[group:tools]
programs = ticker,flaky

[program:ticker]
command = sh -c 'while true; do date; sleep 1; done'
autostart = false
startsecs = 0

[program:flaky]
command = sh -c 'sleep 7; exit 3'
autostart = false
startsecs = 2
`;

/** The rules of the sample applications (docs/applications.md). */
export const SAMPLE_RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <start_sequence>1</start_sequence>
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><required>true</required><expected_loading>10</expected_loading></program>
      <program name="server"><start_sequence>2</start_sequence><required>true</required><expected_loading>10</expected_loading></program>
      <program name="proxy"><start_sequence>3</start_sequence><expected_loading>5</expected_loading></program>
    </programs>
  </application>
  <application name="batch">
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs>
      <program pattern="worker_"><start_sequence>1</start_sequence><expected_loading>15</expected_loading></program>
    </programs>
  </application>
</root>
`;
