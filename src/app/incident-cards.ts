import { renderIncidentCard } from '../cards';
import type { Incident } from '../incident/types';
import type { TeamsRecords } from './records';
import type { IncidentService } from './incident-service';
import { cardActivity, type Transport } from './outbound';

// The incident's card in its conversation: updated in place where it was last shown, else posted anew.

export class IncidentCards {
  constructor(
    private readonly service: Pick<IncidentService, 'runbookOf'>,
    private readonly records: TeamsRecords,
    private readonly now: () => Date,
  ) {}

  async refresh(incident: Incident, t: Transport): Promise<void> {
    const card = cardActivity(renderIncidentCard(incident, this.service.runbookOf(incident), this.now()));
    const posted = await this.records.incidentCard(incident.id);
    if (posted?.activityId) {
      await t.update(posted, card);
      return;
    }
    await this.records.saveIncidentCard(incident.id, await t.send(originReference(incident, t), card));
  }
}

/** Where the incident is run, as a reference this transport can send to (the current one when it is there). */
export function originReference(incident: Incident, t: Transport) {
  return incident.origin.conversationId === t.conversationId ? t.currentReference() : t.referenceTo(incident.origin.conversationId, incident.origin.kind);
}
