import { renderIncidentCard, renderMessageCard } from '../cards';
import type { Incident } from '../incident/types';
import { type TeamsRecords, takesOver } from './records';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import { cardActivity, type PostedActivity, type Transport } from './outbound';

// The incident's card in its conversation: updated in place where it was last shown, else posted anew.

/** Updates of one refresh while clicks keep moving the incident on (each click's own answer shows it meanwhile). */
const maxRefreshRounds = 10;

export class IncidentCards {
  /** Per incident in this process: the last of the card-record changes queued one after another. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly service: Pick<IncidentService, 'runbookOf' | 'get'>,
    private readonly records: TeamsRecords,
    private readonly now: () => Date,
    private readonly log?: Logger,
  ) {}

  /** Runs `work` after the incident's earlier card-record changes: two at once never both stub the same card. */
  private inTurn<T>(incidentId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(incidentId) ?? Promise.resolve();
    const turn = previous.then(work);
    const tail = turn.catch(() => undefined);
    this.turns.set(incidentId, tail);
    void tail.then(() => {
      if (this.turns.get(incidentId) === tail) this.turns.delete(incidentId);
    });
    return turn;
  }

  /**
   * A new incident card was posted in a conversation: it becomes the one later updates replace, and the card it
   * replaces there turns into a short "moved below" stub, so one conversation never shows two live cards that disagree.
   */
  async replaced(incidentId: string, posted: PostedActivity, t: Transport): Promise<void> {
    const before = await this.inTurn(incidentId, () => this.records.saveIncidentCard(incidentId, posted));
    if (before) await this.stub(incidentId, before, t);
  }

  /** A click on a card makes it the live one; resolves with the card live before it in that conversation (to stub), if another. */
  took(incidentId: string, clicked: PostedActivity): Promise<PostedActivity | undefined> {
    return this.inTurn(incidentId, () => this.records.saveIncidentCard(incidentId, clicked));
  }

  /** The card that was live before turns into the "moved below" stub; a failure is logged (the live card stands either way). */
  async stub(incidentId: string, older: PostedActivity, t: Transport): Promise<void> {
    try {
      await t.update(older, cardActivity(movedStub(incidentId), incidentId));
    } catch (err) {
      // The old card may have been deleted by a person; the new one is live either way.
      this.log?.warn({ incidentId, err: err instanceof Error ? err.message : String(err) }, 'older incident card not replaced by its stub');
    }
  }

  /**
   * Shows the incident on its card. A click answered while the update was on its way may have put a newer version
   * there: the incident is read again after the update and, while it has moved on, shown again (never left older).
   */
  async refresh(incident: Incident, t: Transport): Promise<void> {
    let shown = incident;
    for (let round = 0; round < maxRefreshRounds; round++) {
      await this.show(shown, t);
      const latest = await this.service.get(shown.id);
      if (!latest || latest.version <= shown.version) return;
      shown = latest;
    }
    this.log?.warn({ incidentId: incident.id, rounds: maxRefreshRounds }, 'incident card refresh stopped while clicks kept changing the incident');
  }

  private async show(incident: Incident, t: Transport): Promise<void> {
    const card = cardActivity(renderIncidentCard(incident, this.service.runbookOf(incident), this.now()));
    const posted = await this.records.incidentCard(incident.id);
    if (!posted?.activityId) {
      await this.records.saveIncidentCard(incident.id, await t.send(originReference(incident, t), card));
      return;
    }
    await t.update(posted, card);
    // A click on an older card while this update was on its way made that one live (and stubbed this one first).
    const live = await this.records.incidentCard(incident.id);
    if (live && takesOver(live, posted)) await this.stub(incident.id, posted, t);
  }
}

/** Where the incident is run, as a reference this transport can send to (the current one when it is there). */
export function originReference(incident: Incident, t: Transport) {
  return incident.origin.conversationId === t.conversationId ? t.currentReference() : t.referenceTo(incident.origin.conversationId, incident.origin.kind);
}

/** What an older incident card becomes: no buttons, and where the current one is. */
export function movedStub(
  incidentId: string,
  text = 'The current card of this incident is the latest one in this chat; use that one. This card no longer changes.',
) {
  return renderMessageCard(`${incidentId} · this card moved below`, text, 'default');
}
