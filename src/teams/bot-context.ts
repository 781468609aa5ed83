import type { EffectRunner } from './effect-runner';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { TeamsRecords } from './records';

/** What every handler of the bot needs, built once in the composition root. */
export interface BotContext {
  appId: string;
  service: IncidentService;
  records: TeamsRecords;
  effects: EffectRunner;
  log: Logger;
  now: () => Date;
}
