/** Local Supvisors nodes and clusters from a script (docs/local-cluster.md). */
export { startCluster, type Cluster, type ClusterOptions } from './cluster.js';
export { PASSWORD, REPO, SHIM, SUPVISORSD, USER, type Credentials } from './configuration.js';
export { startNode, type LoneNode, type LoneNodeOptions } from './lone-node.js';
export { tail } from './logs.js';
export { netnsSupport, type NamespaceNetwork } from './network-namespaces.js';
export type { LocalNode, NodeSettings } from './node.js';
export { freePort } from './ports.js';
export { alive, descendants } from './processes.js';
export { list, num, struct } from './values.js';
export { sleep, waitFor } from './waiting.js';
export { SAMPLE_PROGRAMS, SAMPLE_RULES } from './sample.js';
