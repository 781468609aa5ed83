import { z } from 'zod';
import type { Incident, Phase } from '../incident/types';

// The stored incident document, parsed once at the store edge: what every store reads passes this schema or is
// refused in words (CorruptDocumentError). Documents carry a schema version; older ones are migrated on read.
// Nested parts the domain only displays (diagnostics, NDR analysis, summary) are checked for shape, not every field.

/**
 * Version 1: documents written before the outbox (no schemaVersion). Version 2: outbox and typed audit kinds.
 * Version 3: `history` counts the first entries of each history list that live in the incident's log (incident-history.ts).
 */
export const currentSchemaVersion = 3;

/** A stored document that is not an incident this bot can read; the message names the document and the problems, never its content. */
export class CorruptDocumentError extends Error {
  constructor(
    readonly where: string,
    readonly problems: string[],
  ) {
    super(`${where} is not a readable incident: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
    this.name = 'CorruptDocumentError';
  }
}

/** Every phase, checked both ways against the Phase type: a new phase fails to compile until it is added here. */
const phases = [
  'intake',
  'triage',
  'decision',
  'investigation',
  'remediation',
  'validation',
  'evidence',
  'summary',
  'closed',
  'cancelled',
] as const satisfies readonly Phase[];
type Missing = Exclude<Phase, (typeof phases)[number]>;
const allPhasesListed: Missing extends never ? true : Missing = true;
void allPhasesListed;

const text = z.string().max(1_000_000);
const count = z.number().int().min(0).max(10_000_000);
const iso = z.string().min(1).max(64);
const actor = z.object({ id: text, name: text });
const object = z.looseObject({});
const tick = z.looseObject({ done: z.boolean(), by: actor, at: iso, version: z.number().int() });
export const auditEntry = z.object({
  seq: z.number().int().min(1),
  at: iso,
  actor,
  kind: z.enum(['change', 'refusal', 'reminder']).optional(),
  what: text,
  detail: text.optional(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export const commandResult = z.looseObject({ starterId: text, output: text, at: iso, by: actor });
export const evidenceEntry = z.looseObject({ id: text, kind: z.string(), text, at: iso, by: actor });
export const note = z.looseObject({ at: iso, by: actor, text });
const historyCounts = z.object({ audit: count, notes: count, evidence: count, commandResults: count });
/** Per history list: how many of its first entries live in the incident's log only (incident-history.ts). */
type HistoryCounts = z.infer<typeof historyCounts>;
const outboxEntry = z.object({
  id: text,
  effect: z.looseObject({
    kind: z.enum(['showIncident', 'requestApproval', 'updateApproval', 'postSummary', 'postEscalation', 'runDiagnostics', 'notify', 'remind']),
  }),
  at: iso,
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  error: text.optional(),
  triedAt: iso.optional(),
  deliveredAt: iso.optional(),
});

const incidentDocument = z.looseObject({
  schemaVersion: z.number().int().min(1).optional(),
  id: z.string().regex(/^INC-\d{8}-\d{3,}$/),
  runbookId: text,
  runbookRevised: text,
  version: z.number().int().min(1),
  phase: z.enum(phases),
  origin: z.looseObject({ conversationId: text, kind: z.enum(['personal', 'groupChat', 'channel']), reference: z.unknown() }),
  openedAt: iso,
  openedBy: actor,
  owner: actor,
  intake: z.record(z.string(), text),
  checklist: z.record(z.string(), tick),
  branchSteps: z.record(z.string(), tick),
  validation: z.record(z.string(), tick),
  commandResults: z.array(commandResult),
  actions: z.record(z.string(), z.looseObject({ status: z.string() })),
  approvals: z.array(z.looseObject({ id: text, actionId: text, status: z.enum(['pending', 'approved', 'rejected']), requestedBy: actor, requestedAt: iso })),
  evidence: z.array(evidenceEntry),
  notes: z.array(note),
  summary: z.looseObject({ fields: z.record(z.string(), text), warnings: z.array(object), acknowledged: z.array(text) }),
  audit: z.array(auditEntry),
  recentKeys: z.array(text),
  outbox: z.array(outboxEntry).optional(),
  remindersSent: z.array(text).optional(),
  history: historyCounts.optional(),
});

/** A stored document: the incident as the document holds it, and how many first entries of each list are in its log. */
export interface StoredDocument {
  incident: Incident;
  logged: HistoryCounts;
}

/** Parses a stored document (already JSON-decoded) into an incident of the current version, or throws CorruptDocumentError. */
export function parseStoredDocument(json: unknown, where: string): StoredDocument {
  const parsed = incidentDocument.safeParse(json);
  if (!parsed.success) {
    throw new CorruptDocumentError(
      where,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`),
    );
  }
  const { schemaVersion = 1 } = parsed.data;
  if (schemaVersion > currentSchemaVersion) {
    throw new CorruptDocumentError(where, [
      `it was written by a newer version of the bot (schema ${schemaVersion}; this one reads up to ${currentSchemaVersion})`,
    ]);
  }
  return checkedStoredDocument(parsed.data);
}

/** A document that passed the schema, migrated to the current version. */
function checkedStoredDocument(json: unknown): StoredDocument {
  const { schemaVersion: _version, history, ...document } = json as { schemaVersion?: number; outbox?: unknown[]; history?: HistoryCounts };
  // v1 -> v2: no outbox yet (every sending of those versions already happened or was lost); audit kinds stay absent.
  // v2 -> v3: no history counts: every entry is in the document.
  const logged = history ?? { audit: 0, notes: 0, evidence: 0, commandResults: 0 };
  return { incident: { ...document, outbox: document.outbox ?? [] } as unknown as Incident, logged };
}

/** A whole document (no entries in a log), as the memory store and exports hold them; CorruptDocumentError otherwise. */
export function parseIncidentDocument(json: unknown, where: string): Incident {
  const { incident, logged } = parseStoredDocument(json, where);
  if (Object.values(logged).some((n) => n > 0)) throw new CorruptDocumentError(where, ['its first history entries are in a log that was not read']);
  return incident;
}

/** The JSON text a store writes for a document that keeps `logged` first entries of each list in its log. */
export function storedDocumentText(document: Incident, logged: HistoryCounts): string {
  return JSON.stringify({ schemaVersion: currentSchemaVersion, ...document, history: logged });
}

/** The JSON text of a whole incident (every entry in the document). */
export function incidentDocumentText(incident: Incident): string {
  return JSON.stringify({ schemaVersion: currentSchemaVersion, ...incident });
}
