import type { TeamsRecords } from './records';
import type { Deliverer } from './deliverer';
import type { IncidentService } from './incident-service';
import type { Logger } from './logger';
import type { RateLimit } from './rate-limit';
import type { RefusalAuditor } from './refusal-audit';

/** What the pipeline's steps share, built once in the composition root. */
export interface PipelineDeps {
  service: IncidentService;
  records: TeamsRecords;
  deliverer: Deliverer;
  log: Logger;
  now: () => Date;
  rateLimit?: RateLimit;
  settings: { approversConversationId?: string; diagnostics: boolean };
}

export interface StepDeps extends PipelineDeps {
  /** The one place refusals are audited. */
  refusals: RefusalAuditor;
}
