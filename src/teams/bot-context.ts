import type { TurnContext } from 'botbuilder';
import type { Logger } from '../app/logger';
import type { IncidentCards } from '../app/incident-cards';
import type { Pipeline } from '../app/pipeline';
import type { TeamsRecords } from '../app/records';
import type { Transport } from './transport';

/** What the activity handler needs, built once in the composition root. */
export interface BotContext {
  pipeline: Pipeline;
  records: TeamsRecords;
  /** Keeps one live incident card per conversation (older ones become stubs). */
  incidentCards: Pick<IncidentCards, 'replaced'>;
  log: Logger;
  now: () => Date;
  /** Builds the sender for a turn (botbuilder's in production, a recorder in conversation tests). */
  transport: (context: TurnContext) => Transport;
}
