import type { Refusal } from '../incident/refusals';
import type { Actor } from '../incident/types';
import type { BotContext } from './bot-context';
import { describeError } from './effect-runner';

// Every refusal of a request on an incident is logged and, within the bound (src/incident/refusals.ts), appended
// to the incident's audit without changing its version. The person gets the refusal's words either way.

/** Logs the refusal and records it on the incident. Never throws: a store failure here must not swallow the words. */
export async function auditRefusal(
  ctx: Pick<BotContext, 'service' | 'log'>,
  incidentId: string,
  actor: Actor,
  refusal: Refusal,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const line = { ...fields, incidentId, verb: refusal.verb, reason: refusal.reason };
  try {
    const outcome = await ctx.service.recordRefusal(incidentId, actor, refusal);
    ctx.log.info({ ...line, audit: outcome }, outcome === 'recorded' ? 'refused' : 'refused (logged only)');
  } catch (err) {
    ctx.log.warn({ ...line, err: describeError(err) }, 'refused (audit entry not saved)');
  }
}
