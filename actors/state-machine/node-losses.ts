/**
 * The state machine's side of "a runtime crash is not a node loss" (cluster/runtime-loss.ts):
 * the supervisord each peer gave in its handshake, the peers whose processes are in the model,
 * and the lost peers held while their supervisord still runs. The decisions are the pure
 * functions of runtime-loss.ts; this keeps their records and sends their effects.
 */
import { dueProbes, onProbeOutcome, onRuntimeLoss, probeAddress, type Hold, type ProbeOutcome, type SupervisorAddress } from '../../cluster/runtime-loss.js';
import type { Logger } from '../../log/logger.js';

export interface NodeLossEffects {
  /** Ask this supervisord whether it still runs (the answer comes back as `probed`). */
  probe(identifier: string, address: SupervisorAddress): void;
  /** The node of `identifier` is gone: its processes are lost. */
  processesLost(identifier: string, why: string): void;
  /** The host `identifier` is known by (supvisors_list). */
  hostOf(identifier: string): string;
  /** Monotonic ms. */
  now(): number;
  readonly log: Logger;
}

export class NodeLosses {
  private readonly supervisors = new Map<string, SupervisorAddress>();
  private readonly holds = new Map<string, Hold>();
  /** Instances whose processes are in the model (CHECKED or RUNNING since their last loss). */
  private readonly reporting = new Set<string>();

  constructor(private readonly effects: NodeLossEffects) {}

  /** An authorized handshake: the supervisord the peer gave, if any. */
  handshaken(identifier: string, supervisor: SupervisorAddress | undefined): void {
    if (supervisor !== undefined) this.supervisors.set(identifier, supervisor);
    else this.supervisors.delete(identifier);
  }

  /** CHECKED: its fresh process list (asked by the context at CHECKED) replaces what was held. */
  checked(identifier: string): void {
    this.holds.delete(identifier);
    this.reporting.add(identifier);
  }

  /** A peer is lost (FAILED): its processes too, unless its supervisord still runs them. */
  lost(identifier: string, why: string): void {
    if (!this.reporting.has(identifier) || this.holds.has(identifier)) return;
    const decision = onRuntimeLoss(probeAddress(this.supervisors.get(identifier), this.effects.hostOf(identifier)), this.effects.now());
    if (decision.kind === 'gone') this.gone(identifier, `${why}; ${decision.detail}`);
    else this.probe(identifier, decision.hold);
  }

  /** What a held peer's supervisord answered. */
  probed(identifier: string, outcome: ProbeOutcome): void {
    const hold = this.holds.get(identifier);
    if (hold === undefined) return;
    const decision = onProbeOutcome(hold, outcome);
    if (decision.kind === 'gone') {
      this.gone(identifier, `its supervisord is gone: ${decision.detail}`);
      return;
    }
    if (!hold.confirmed) this.effects.log.warn(`${identifier}: its runtime is lost but its supervisord (pid ${hold.address.pid}) still runs: its processes are kept until it rejoins`);
    this.holds.set(identifier, decision.hold);
  }

  /** Each round: the held peers' supervisords asked again, once per `reprobeMs`. */
  reprobe(nowMs: number, reprobeMs: number): void {
    for (const [identifier, hold] of dueProbes(this.holds, nowMs, reprobeMs)) this.probe(identifier, hold);
  }

  private probe(identifier: string, hold: Hold): void {
    this.holds.set(identifier, hold);
    this.effects.probe(identifier, hold.address);
  }

  private gone(identifier: string, why: string): void {
    this.holds.delete(identifier);
    this.reporting.delete(identifier);
    this.effects.processesLost(identifier, why);
  }
}
