import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Reminder } from '../incident/reminders';
import type { Incident } from '../incident/types';
import type { ReminderPoster } from './reminder-sweeper';
import { textActivity } from './transport';

/** Posts reminders outside any turn: continueConversationAsync on the incident's stored reference (approvals to the approvers' chat). */
export function proactivePoster(adapter: CloudAdapter, appId: string, approversConversationId?: string): ReminderPoster {
  return {
    async post(incident: Incident, reminder: Reminder) {
      const origin = incident.origin.reference as Partial<ConversationReference>;
      const reference =
        reminder.target === 'approvers' && approversConversationId
          ? { ...origin, activityId: undefined, conversation: { id: approversConversationId, isGroup: true, conversationType: 'groupChat', name: '' } }
          : origin;
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        await context.sendActivity(textActivity(reminder.text));
      });
    },
  };
}
