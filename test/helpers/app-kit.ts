import { Deliverer, type DeliverySettings } from '../../src/app/deliverer';
import { IncidentCards } from '../../src/app/incident-cards';
import { IncidentService } from '../../src/app/incident-service';
import { silentLogger } from '../../src/app/logger';
import { Sweeper } from '../../src/app/sweeper';
import { ApproverGroupCheck } from '../../src/diagnostics/approver-group';
import type { ReminderSettings } from '../../src/incident/reminders';
import type { IncidentStore } from '../../src/store/incident-store';
import { MemoryIncidentStore } from '../../src/store/memory-store';
import { TeamsRecords } from '../../src/app/records';
import { actors, seedRunbook } from './incident-builders';
import { conversations, type Recorded, recordingInConversation } from './teams-fakes';

// The application layer without Teams: service, deliverer and sweep on one store, sends recorded.

export const reminderSettings: ReminderSettings = { approvalRemindMinutes: 30, idleRemindMinutes: 60, sev1ResponseMinutes: 10 };

/** One instance of the bot's application layer; several on one store stand for a scale-out. */
export function appInstance(
  store: IncidentStore,
  now: () => Date,
  options: { settings?: Partial<DeliverySettings>; recorded?: Recorded; leaseMs?: number } = {},
) {
  const rb = seedRunbook();
  const service = new IncidentService(store, new Map([[rb.id, rb]]), new ApproverGroupCheck({ configuredIds: [actors.approver1.id] }), now);
  const records = new TeamsRecords(store);
  const recorded: Recorded = options.recorded ?? { sends: [], updates: [], channelPosts: [] };
  const settings = { approversConversationId: conversations.approvers.id, summaryChannelId: conversations.leads, ...options.settings };
  const deliverer = new Deliverer(service, records, settings, recordingInConversation(recorded), new IncidentCards(service, records, now), silentLogger, now);
  const sweeper = new Sweeper(store, service, deliverer, { ...reminderSettings, outboxLeaseMs: options.leaseMs ?? 30_000 }, silentLogger, now);
  return { store, service, records, deliverer, sweeper, recorded };
}

export const freshStore = () => new MemoryIncidentStore();
