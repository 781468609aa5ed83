import { createHash } from 'node:crypto';
import type { CommandBody } from '../incident/commands';

/**
 * The command's idempotency key: the card button's own key, who clicked and what they entered. A double click repeats it;
 * a colleague's click, or the same person's different input, on the same card version never collides with it.
 */
export function commandKey(cardKey: string, actorId: string, body: CommandBody): string {
  return `${cardKey}:${createHash('sha256').update(actorId).update('\u0000').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}`;
}
