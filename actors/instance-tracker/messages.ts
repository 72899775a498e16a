/**
 * The messages of the instance tracker (one per node, named `instance-tracker`): the
 * transport's peer events, and what the state machine asks it to do on the network.
 */
import type { PeerEvent } from '../../transport/index.js';
import type { PeerRequest } from '../state-machine/messages.js';

export const INSTANCE_TRACKER = 'instance-tracker';

export type TrackerMessage = PeerEvent | PeerRequest;
