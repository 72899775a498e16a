/**
 * The last state of every process as one node's event stream tells it (`process` bodies), and
 * how many of an application's are RUNNING: how bench/scale.ts sees programs RUNNING from a node
 * without polling it. Pure.
 */
export interface ProcessStatus {
  readonly application_name: string;
  readonly process_name: string;
  readonly statename: string;
}

export class ProcessStates {
  private readonly states = new Map<string, { readonly application: string; readonly state: string }>();

  update(body: ProcessStatus): void {
    this.states.set(`${body.application_name}:${body.process_name}`, { application: body.application_name, state: body.statename });
  }

  /** How many processes of the applications `applications` accepts are RUNNING. */
  running(applications: (name: string) => boolean): number {
    let count = 0;
    for (const { application, state } of this.states.values()) if (state === 'RUNNING' && applications(application)) count += 1;
    return count;
  }
}
