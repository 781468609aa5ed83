import type { EffectRunner } from './effect-runner';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { RateLimit } from './rate-limit';
import type { TeamsRecords } from './records';
import type { TurnContext } from 'botbuilder';
import type { Transport } from './transport';

/** What every handler of the bot needs, built once in the composition root. */
export interface BotContext {
  appId: string;
  service: IncidentService;
  records: TeamsRecords;
  effects: EffectRunner;
  log: Logger;
  now: () => Date;
  /** Builds the sender for a turn (botbuilder's in production, a recorder in conversation tests). */
  transport: (context: TurnContext) => Transport;
  /** Per-person command allowance; absent means no limit. */
  rateLimit?: RateLimit;
}
