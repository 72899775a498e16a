/** Local Supvisors nodes and clusters from a script (docs/local-cluster.md). */
export { startCluster, type Cluster, type ClusterOptions } from './cluster.js';
export { PASSWORD, REPO, SHIM, SUPVISORSD, USER, configuration, type Credentials, type NodeConfiguration } from './configuration.js';
export { startNode, type LoneNode, type LoneNodeOptions } from './lone-node.js';
export { readLog, runtimeLog, supervisordLog, tail } from './logs.js';
export { createNamespaceNetwork, netnsSupport, type NamespaceNetwork } from './network-namespaces.js';
export { createNode, killNode, launchNode, remember, runtimePid, stopNode, type Launch, type LocalNode, type NodeOptions } from './node.js';
export { freePort, freePorts } from './ports.js';
export { alive, descendants, PidSet, signal } from './processes.js';
export { stateOf, waitInstanceState, waitRuntimes, waitState, waitSupervisordRunning } from './states.js';
export { list, num, struct } from './values.js';
export { sleep, waitFor } from './waiting.js';
