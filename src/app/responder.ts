import { type AdaptiveCard, type Notice, renderApprovalCard, renderIncidentCard, renderMessageCard } from '../cards';
import type { Incident } from '../incident/types';
import type { IncidentService } from './incident-service';
import { keepTyped } from '../cards/keep-typed';
import { cardActivity, textActivity } from './outbound';
import { outsideConversationWords } from './place';
import type { Answer, Request } from './request';

// Answers in the request's own form: a card in place of the clicked one, or replies to a typed message.

export class Responder {
  constructor(
    private readonly request: Request,
    private readonly service: Pick<IncidentService, 'runbookOf'>,
    private readonly now: () => Date,
  ) {}

  /** The incident's card: the click's answer, or a reply marked as the incident's latest card. */
  /** `kept`: what the person typed, put back into the inputs (a refusal), the inputs it was about marked. */
  incident(incident: Incident, notice?: Notice, kept?: { typed: Record<string, string>; flagged: ReadonlySet<string> }, form?: 'intake'): Answer {
    const rendered = renderIncidentCard(incident, this.service.runbookOf(incident), this.now(), notice, form);
    const card = kept ? keepTyped(rendered, kept.typed, kept.flagged) : rendered;
    if (this.request.via === 'card') return { card, replies: [] };
    // A reply in the incident's own conversation becomes the card later updates replace (not one in a thread of it).
    const own = this.request.from.origin.conversationId === incident.origin.conversationId;
    return { replies: [{ activity: cardActivity(card, incident.id), ...(own ? { incidentCardOf: incident.id } : {}) }] };
  }

  approvalCard(incident: Incident, approvalId: string, notice?: Notice): AdaptiveCard {
    return renderApprovalCard(incident, this.service.runbookOf(incident), approvalId, this.now(), notice);
  }

  /** A titled message card (both forms); `markdown`: the bot's own formatted text, shown as Markdown. */
  card(title: string, text: string, tone: Notice['tone'] = 'default', markdown?: string): Answer {
    const card = renderMessageCard(title, text, tone, markdown);
    return this.request.via === 'card' ? { card, replies: [] } : { replies: [{ activity: cardActivity(card) }] };
  }

  /** Plain words: a text reply to a message, a message card for a click. */
  words(text: string, title = 'One moment, please'): Answer {
    return this.request.via === 'card' ? { card: renderMessageCard(title, text, 'attention'), replies: [] } : { replies: [{ activity: textActivity(text) }] };
  }

  outside(incidentId: string): Answer {
    const text = outsideConversationWords(incidentId);
    return this.request.via === 'card'
      ? { card: renderMessageCard('Not this conversation', text, 'attention'), replies: [] }
      : { replies: [{ activity: textActivity(text) }] };
  }

  notFound(incidentId: string): Answer {
    return this.card('Incident not found', `Incident ${incidentId} was not found. It may belong to another installation of the bot.`, 'attention');
  }
}
