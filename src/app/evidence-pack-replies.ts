import type { Notice } from '../cards';
import { evidencePack } from '../incident/evidence-pack';
import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import { textActivity } from './outbound';
import { chatFriendly, packMessages } from './pack-messages';
import type { Reply } from './request';

/** The evidence pack as chat messages under the card, and the notice that says how many (and where the rest is). */
export function evidencePackReplies(incident: Incident, runbook: Runbook): { replies: Reply[]; notice: Notice } {
  const parts = packMessages(chatFriendly(evidencePack(incident, runbook)));
  const more = parts.truncated ? ' It was longer than a chat can hold: run "npm run incidents -- export" for the whole pack.' : '';
  const n = parts.messages.length;
  return {
    replies: parts.messages.map((text) => ({ activity: textActivity(text) })),
    notice: { text: `Evidence pack posted below (${n} message${n === 1 ? '' : 's'}).${more}`, tone: 'good' },
  };
}
