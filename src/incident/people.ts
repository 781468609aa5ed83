import { auditKind } from './audit';
import type { Actor, Incident } from './types';

// The people an incident knows by name: who opened and owns it, who changed it (its audit), who asked for and
// decided its approvals. Pure; the handover card offers them and a handover click is resolved against them.

/** Everyone the incident names, in order of first appearance, one entry per id with the latest name; `except`: ids left out. */
export function knownPeople(incident: Incident, except: ReadonlySet<string> = new Set()): Actor[] {
  const byId = new Map<string, Actor>();
  const add = (actor: Actor | undefined) => {
    if (!actor || except.has(actor.id) || actor.id.trim() === '' || actor.name.trim() === '') return;
    byId.set(actor.id, { id: actor.id, name: actor.name });
  };
  add(incident.openedBy);
  // Refused requests come from people outside the incident (or repeat someone named already): not offered.
  for (const entry of incident.audit) if (auditKind(entry) === 'change') add(entry.actor);
  for (const approval of incident.approvals) {
    add(approval.requestedBy);
    add(approval.decidedBy);
  }
  add(incident.owner);
  return [...byId.values()];
}

/** The one person of `people` with this name (case and spacing ignored); undefined when none or several have it. */
export function personNamed(people: readonly Actor[], name: string): Actor | undefined {
  const wanted = normalise(name);
  const found = people.filter((p) => normalise(p.name) === wanted);
  return found.length === 1 ? found[0] : undefined;
}

const normalise = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();
