import type { Command } from '../incident/commands';
import { decide, type Decision, refusalKey } from '../incident/decide';
import type { DiagnosticsAvailability } from '../incident/handlers/change';
import type { Effect } from '../incident/effects';
import { openIncident } from '../incident/open';
import type { Refusal } from '../incident/refusals';
import type { Actor, Incident, Origin } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { EtagMismatchError, type IncidentStore, type Stored } from '../store/incident-store';
import { idAllocatorFor } from './incident-ids';
import { openOnce } from './opening-claim';

// The one writer: load -> decide -> conditional save, retried on a lost etag race. Every change to an incident,
// refusals, reminder claims and delivery marks included, is a command through apply().

export interface ApproverCheck {
  /** True when this Entra object id may decide approvals (configuration, optionally a group). */
  isApprover(actorId: string): Promise<boolean>;
}

export type ApplyResult = Decision | { ok: false; notFound: true; incidentId: string } | { ok: false; busy: true; incidentId: string };

/** What became of a refusal: in the audit, over the bound (logged only), incident gone, or lost every etag race. */
export type RefusalOutcome = 'recorded' | 'bounded' | 'notFound' | 'busy';

export class RunbookNotFoundError extends Error {
  constructor(readonly runbookId: string) {
    super(`no runbook ${runbookId}`);
    this.name = 'RunbookNotFoundError';
  }
}

/** An observer of accepted writes: the incident as read and as saved, and when. */
export type ChangeObserver = (before: Incident | undefined, after: Incident, at: Date) => void;

const maxAttempts = 6;

export class IncidentService {
  constructor(
    private readonly store: IncidentStore,
    readonly runbooks: ReadonlyMap<string, Runbook>,
    private readonly approvers: ApproverCheck,
    private readonly now: () => Date = () => new Date(),
    private readonly diagnostics?: DiagnosticsAvailability,
    /** Told after every accepted write (before undefined: just opened), e.g. for the incidents' metrics. Must not throw. */
    private readonly onChange: ChangeObserver = () => undefined,
  ) {}

  runbookOf(incident: Incident): Runbook {
    const runbook = this.runbooks.get(incident.runbookId);
    if (!runbook) throw new RunbookNotFoundError(incident.runbookId);
    return runbook;
  }

  /**
   * Opens a new incident with the next free id of the day (src/teams/incident-ids.ts: no listing of every incident), once per
   * key: a redelivered activity (same key) gets the incident its first delivery opened, with `reopened: true` and no effects.
   */
  async open(runbookId: string, actor: Actor, origin: Origin, key: string): Promise<{ incident: Incident; effects: Effect[]; reopened: boolean }> {
    const runbook = this.runbooks.get(runbookId);
    if (!runbook) throw new RunbookNotFoundError(runbookId);
    const outcome = await openOnce(this.store, key, this.now, () => {
      const now = this.now();
      return idAllocatorFor(this.store).allocate(now, async (id) => {
        const opened = openIncident({ id, runbook, actor, origin, key }, now);
        const saved = await this.store.create(opened.incident);
        this.onChange(undefined, saved.value, now);
        return { incidentId: id, incident: saved.value, effects: opened.effects };
      });
    });
    if ('opened' in outcome) return { incident: outcome.opened.incident, effects: outcome.opened.effects, reopened: false };
    const existing = await this.get(outcome.existing);
    if (!existing) throw new Error(`the incident ${outcome.existing} opened for ${key} is gone`);
    return { incident: existing, effects: [], reopened: true };
  }

  isApprover(actorId: string): Promise<boolean> {
    return this.approvers.isApprover(actorId);
  }

  async get(id: string): Promise<Incident | undefined> {
    return (await this.store.get(id))?.value;
  }

  /** The incident with its etag, to hand to apply: a click then reads the incident once. */
  read(id: string): Promise<Stored<Incident> | undefined> {
    return this.store.get(id);
  }

  /**
   * Applies a command; a lost write re-reads and re-decides, up to a bound, then answers busy. `current` (from read)
   * saves the first read: the save is conditional on its etag, so a stale one only costs a retry.
   */
  async apply(id: string, command: Command, current?: Stored<Incident>): Promise<ApplyResult> {
    const approverIds = new Set<string>();
    if (command.type === 'decideApproval' && (await this.approvers.isApprover(command.actor.id))) approverIds.add(command.actor.id);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const stored = attempt === 0 && current?.value.id === id ? current : await this.store.get(id);
      if (!stored) return { ok: false, notFound: true, incidentId: id };
      const decision = decide(stored.value, command, { now: this.now(), runbook: this.runbookOf(stored.value), approverIds, diagnostics: this.diagnostics });
      if (!decision.ok || decision.duplicate) return decision;
      try {
        const saved = await this.store.put(decision.incident, stored.etag);
        this.onChange(stored.value, saved.value, this.now());
        return { ...decision, incident: saved.value };
      } catch (err) {
        if (!(err instanceof EtagMismatchError)) throw err;
      }
    }
    return { ok: false, busy: true, incidentId: id };
  }

  async openIn(conversationId: string): Promise<string[]> {
    return this.store.openIn(conversationId);
  }

  /**
   * Appends a refusal to the incident's audit through apply (a bookkeeping command: version unchanged). `once`: what
   * was refused (an activity, a flood), recorded once per incident. 'bounded': logged only (over the bound, or a repeat).
   */
  async recordRefusal(id: string, actor: Actor, refusal: Refusal, once?: string): Promise<RefusalOutcome> {
    const key = once ? `${refusalKey}:${once}` : refusalKey;
    const result = await this.apply(id, { type: 'recordRefusal', refusal, actor, key });
    if ('notFound' in result) return 'notFound';
    if ('busy' in result) return 'busy';
    return result.ok && !result.duplicate ? 'recorded' : 'bounded';
  }
}
