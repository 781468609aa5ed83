import type { Command } from '../commands';
import type { Effect } from '../effects';
import { claimEntry, markEntry } from '../outbox';
import { recordRefusal } from '../refusals';
import { claimReminder } from '../reminders';
import type { Incident } from '../types';

// Bookkeeping commands (src/incident/commands.ts bookkeepingCommands): the incident after recording, or undefined
// when there is nothing to record (over the refusal bound, a reminder already claimed, an entry not due).

export interface Bookkept {
  incident: Incident;
  effects: Effect[];
}

export function bookkeep(incident: Incident, command: Command, now: Date): Bookkept | undefined {
  switch (command.type) {
    case 'recordRefusal': {
      const next = recordRefusal(incident, command.actor, command.refusal, now);
      return next && { incident: next, effects: [] };
    }
    case 'claimReminder': {
      const next = claimReminder(incident, command.reminder, command.actor, now);
      const { id, target, text } = command.reminder;
      return next && { incident: next, effects: [{ kind: 'remind', reminderId: id, target, text }] };
    }
    case 'claimDelivery': {
      const next = claimEntry(incident, command.effectId, now, command.leaseMs);
      return next && { incident: next, effects: [] };
    }
    case 'recordDelivery': {
      const next = markEntry(
        incident,
        command.effectId,
        command.ok ? { ok: true } : { ok: false, error: command.error ?? 'unknown error', final: command.final },
        now,
      );
      return next && { incident: next, effects: [] };
    }
    default:
      return undefined;
  }
}
