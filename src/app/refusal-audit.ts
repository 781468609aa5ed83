import type { Refusal } from '../incident/refusals';
import type { Actor } from '../incident/types';
import { describeError } from './deliverer';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';

// The one place refusals are audited: logged, and within the bound (src/incident/refusals.ts) appended to the
// incident's audit by a bookkeeping command (version unchanged). The person gets the refusal's words either way.

export class RefusalAuditor {
  constructor(
    private readonly service: Pick<IncidentService, 'recordRefusal'>,
    private readonly log: Logger,
  ) {}

  /**
   * Logs the refusal and records it on the incident, once per `once` (what was refused: by default the activity and
   * its verb, so a redelivery is not recorded again). Never throws: a store failure here must not swallow the words.
   */
  async record(incidentId: string, actor: Actor, refusal: Refusal, fields: Record<string, unknown> = {}, once?: string): Promise<void> {
    const line = { ...fields, incidentId, verb: refusal.verb, reason: refusal.reason };
    try {
      const activityId = typeof fields.activityId === 'string' && fields.activityId ? fields.activityId : undefined;
      const outcome = await this.service.recordRefusal(incidentId, actor, refusal, once ?? (activityId && `activity:${activityId}:${refusal.verb}`));
      this.log.info({ ...line, audit: outcome }, outcome === 'recorded' ? 'refused' : 'refused (logged only)');
    } catch (err) {
      this.log.warn({ ...line, err: describeError(err) }, 'refused (audit entry not saved)');
    }
  }
}
