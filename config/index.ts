/**
 * The one configuration entry point of supvisorsd: the command line names a supervisord.conf;
 * loadConfig reads its Supervisor sections and its [supvisors] section (docs/configuration.md).
 */
export { parseCommandLine, type CommandLine } from './command-line.js';
export { loadConfig, type HostContext } from './load-config.js';
export type {
  EventLinkName,
  RuntimeConfig,
  SupervisorAccess,
  SupvisorsListEntry,
  SupvisorsOptions,
  SynchroOption,
} from './types.js';
export { eventLinkNames, synchroOptionNames } from './types.js';
