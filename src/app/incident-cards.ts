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
    const here = incident.origin.conversationId === t.conversationId;
    await this.records.saveIncidentCard(incident.id, await t.send(here ? t.currentReference() : t.referenceTo(incident.origin.conversationId, incident.origin.kind), card));
  }
}
