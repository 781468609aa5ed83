import { z } from 'zod';
import { verbs } from '../cards/verbs';
import type { CommandBody } from '../incident/commands';
import { refreshVerb } from '../app/approval-refresh';
import { typedInputs } from '../cards/keep-typed';
import type { PickedPerson } from '../app/request';

// Parses Action.Execute payloads once, at the edge, into commands. Card data is never trusted for who may act.

export type ParsedAction =
  | { kind: 'pick'; runbookId: string; key?: string }
  | { kind: 'command'; incidentId: string; version: number; key: string; body: CommandBody; typed: Record<string, string> }
  | { kind: 'show'; incidentId: string; form?: 'intake' }
  | { kind: 'export'; incidentId: string }
  | { kind: 'refreshApproval'; incidentId: string; approvalId: string }
  | { kind: 'handoverPick'; incidentId: string; version: number; key: string; who: PickedPerson; typed: Record<string, string> }
  | { kind: 'invalid'; message: string; incidentId?: string };

const short = z.string().trim().min(1).max(200);
const input = z.string().max(20000).optional();

const envelope = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().max(100),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
});

const base = z.object({
  incidentId: z.string().regex(/^INC-\d{8}-\d{3,}$/),
  version: z.coerce.number().int().min(1).max(1_000_000_000),
  key: short,
});

const boolish = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

/** Inputs with a prefix (f_sender -> sender), as the command's field map; empty strings kept for "clear". */
function prefixed(data: Record<string, unknown>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith(prefix) && typeof v === 'string') out[k.slice(prefix.length)] = v;
  }
  return out;
}

const optionalText = (v: string | undefined) => (v && v.trim() !== '' ? v : undefined);

type Data = Record<string, unknown>;
type BodyParser = (data: Data) => CommandBody;

// Built once: a schema made per click costs its construction and misses zod's per-schema caches.
const schemas = {
  tick: z.object({ list: z.enum(['checklist', 'branch', 'validation']), itemId: short, done: boolish, notApplicable: boolish.optional(), naReason: input }),
  recordResult: z.object({ starterId: short, output: z.string().max(20000).default('') }),
  continue: z.object({ reason: input }),
  chooseFinding: z.object({ findingId: short, ndrText: input }),
  actionId: z.object({ actionId: short }),
  freeText: z.string().max(20000).default(''),
  decideApproval: z.object({ approvalId: short, decision: z.enum(['approve', 'reject']), comment: input }),
  addEvidence: z.object({ evidenceText: input, evidenceUrl: input, coversItem: input }),
  pick: z.object({ runbookId: short, actionKey: short.optional() }),
  approvalId: z.object({ approvalId: short }),
  handoverPick: z.object({ person: z.string().max(200).optional(), known: z.string().max(200).optional(), email: z.string().max(320).optional() }),
};

/** An Entra object id, as the people picker returns it. */
const entraId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id the bot records for a person: an Entra object id, else the Teams user id (29:...). */
const personId = /^[\w.:-]{1,200}$/;
const emailAddress = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * Who was chosen on the handover card: the picker first, then the list, then the box (an email / UPN, an id, or a
 * name as typed); values that name nobody come back as words for the card, with the input they are about.
 */
function pickedPerson(p: z.infer<typeof schemas.handoverPick>): PickedPerson {
  const unreadable = (input: string, words: string): PickedPerson => ({ kind: 'unreadable', input, words });
  const person = p.person?.trim() ?? '';
  const known = p.known?.trim() ?? '';
  const typed = p.email?.trim() ?? '';
  if (person) {
    if (entraId.test(person)) return { kind: 'id', id: person.toLowerCase() };
    if (emailAddress.test(person)) return { kind: 'email', email: person.toLowerCase() };
    return unreadable('person', 'The people search sent something that is not one person. Choose one person and try again.');
  }
  if (known)
    return personId.test(known)
      ? { kind: 'id', id: known.toLowerCase() }
      : unreadable('known', 'The list sent something that is not a person. Choose someone from the list again.');
  if (!typed) return { kind: 'none' };
  if (entraId.test(typed)) return { kind: 'id', id: typed.toLowerCase() };
  if (typed.includes('@'))
    return emailAddress.test(typed)
      ? { kind: 'email', email: typed.toLowerCase() }
      : unreadable('email', 'That is not an email address: type it as name@contoso.com.');
  return { kind: 'name', name: typed.replace(/\s+/g, ' ') };
}

/** Verb -> command: one table. Each entry parses its own fields; zod errors become the "invalid" words. */
const table: Record<string, BodyParser> = {
  [verbs.submitIntake]: (d) => ({ type: 'submitIntake', values: prefixed(d, 'f_') }),
  [verbs.correctIntake]: (d) => ({ type: 'submitIntake', values: prefixed(d, 'f_'), correction: true }),
  [verbs.tick]: (d) => {
    const p = schemas.tick.parse(d);
    const tick = { type: 'tick' as const, list: p.list, itemId: p.itemId, done: p.done };
    // N/A carries the list's shared reason box; an empty reason still goes in, for decide() to answer in words.
    if (!p.notApplicable) return tick;
    const note = optionalText(p.naReason)?.trim();
    return { ...tick, notApplicable: true, ...(note ? { note } : {}) };
  },
  [verbs.recordResult]: (d) => {
    const p = schemas.recordResult.parse(d);
    return { type: 'recordResult', starterId: p.starterId, output: p.output, values: nonEmpty(prefixed(d, 'f_')) };
  },
  [verbs.continue]: (d) => ({ type: 'continue', reason: optionalText(schemas.continue.parse(d).reason) }),
  [verbs.chooseFinding]: (d) => {
    const p = schemas.chooseFinding.parse(d);
    return { type: 'chooseFinding', findingId: p.findingId, ndrText: optionalText(p.ndrText) };
  },
  [verbs.requestApproval]: (d) => {
    const { actionId } = schemas.actionId.parse(d);
    return { type: 'requestApproval', actionId, reason: schemas.freeText.parse(d[`reason_${actionId}`]) };
  },
  [verbs.markDone]: (d) => {
    const { actionId } = schemas.actionId.parse(d);
    return { type: 'markActionDone', actionId, note: optionalText(input.parse(d[`note_${actionId}`])) };
  },
  [verbs.decideApproval]: (d) => {
    const p = schemas.decideApproval.parse(d);
    return { type: 'decideApproval', approvalId: p.approvalId, decision: p.decision, comment: optionalText(p.comment) };
  },
  [verbs.addEvidence]: (d) => {
    const p = schemas.addEvidence.parse(d);
    const url = optionalText(p.evidenceUrl);
    return {
      type: 'addEvidence',
      kind: url ? 'link' : 'text',
      text: p.evidenceText ?? '',
      ...(url ? { url } : {}),
      ...(optionalText(p.coversItem) ? { coversItem: p.coversItem } : {}),
    };
  },
  [verbs.saveSummary]: (d) => ({ type: 'editSummary', fields: prefixed(d, 's_') }),
  [verbs.acknowledge]: (d) => {
    const ack = schemas.freeText.parse(d.ack);
    return {
      type: 'acknowledgeWarnings',
      warningIds: ack
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  },
  // Post summary and close sends the summary as it is on the card: unsaved edits are saved first (src/app/pipeline.ts).
  [verbs.close]: (d) => {
    const fields = prefixed(d, 's_');
    return Object.keys(fields).length ? { type: 'close', fields } : { type: 'close' };
  },
  [verbs.retryPost]: () => ({ type: 'retrySummaryPost' }),
  [verbs.cancel]: (d) => ({ type: 'cancel', reason: schemas.freeText.parse(d.cancelReason) }),
  [verbs.escalate]: () => ({ type: 'escalate' }),
  [verbs.runDiagnostics]: () => ({ type: 'runDiagnostics' }),
};

function nonEmpty(values: Record<string, string>): Record<string, string> | undefined {
  const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  return Object.keys(kept).length ? kept : undefined;
}

/** Parses an adaptiveCard/action invoke value. Never throws: bad payloads come back as "invalid" with words. */
export function parseCardAction(value: unknown): ParsedAction {
  const env = envelope.safeParse(value);
  if (!env.success) return { kind: 'invalid', message: 'This card action is not one the bot understands (malformed payload).' };
  const { verb, data } = env.data.action;
  if (verb === verbs.pickRunbook) {
    const p = schemas.pick.safeParse(data);
    if (!p.success) return { kind: 'invalid', message: 'No runbook was chosen.' };
    return { kind: 'pick', runbookId: p.data.runbookId, ...(p.data.actionKey ? { key: p.data.actionKey } : {}) };
  }
  // The idempotency key travels as data.actionKey; data.key is still read for cards posted before the rename.
  const meta = base.safeParse({ ...data, key: data.actionKey ?? data.key });
  const incidentId = typeof data.incidentId === 'string' && /^INC-\d{8}-\d{3,}$/.test(data.incidentId) ? data.incidentId : undefined;
  if (verb === verbs.show || verb === verbs.exportPack || verb === verbs.editIntake) {
    if (!incidentId) return { kind: 'invalid', message: 'This card does not name an incident.' };
    if (verb === verbs.editIntake) return { kind: 'show', incidentId, form: 'intake' };
    return verb === verbs.show ? { kind: 'show', incidentId } : { kind: 'export', incidentId };
  }
  if (verb === verbs.handoverPick) {
    if (!meta.success) return { kind: 'invalid', message: 'This card is missing its incident id, version or key.', incidentId };
    const p = schemas.handoverPick.safeParse(data);
    if (!p.success) return { kind: 'invalid', message: `This card action has missing or malformed values (${issuePaths(p.error)}).`, incidentId };
    return { kind: 'handoverPick', ...meta.data, who: pickedPerson(p.data), typed: typedInputs(data) };
  }
  if (verb === refreshVerb) {
    const p = schemas.approvalId.safeParse(data);
    return incidentId && p.success
      ? { kind: 'refreshApproval', incidentId, approvalId: p.data.approvalId }
      : { kind: 'invalid', message: 'This approval card is malformed.' };
  }
  // Own keys only: a verb like "valueOf" or "constructor" must not find Object.prototype's functions.
  const parse = Object.hasOwn(table, verb) ? table[verb] : undefined;
  if (!parse) return { kind: 'invalid', message: `"${verb.slice(0, 60)}" is not an action the bot knows.`, incidentId };
  if (!meta.success) return { kind: 'invalid', message: 'This card is missing its incident id, version or key.', incidentId };
  try {
    return { kind: 'command', ...meta.data, body: parse(data), typed: typedInputs(data) };
  } catch (err) {
    if (err instanceof z.ZodError) return { kind: 'invalid', message: `This card action has missing or malformed values (${issuePaths(err)}).`, incidentId };
    throw err;
  }
}

/** The fields a zod error is about, once each: "list, done". */
function issuePaths(err: z.ZodError): string {
  return [...new Set(err.issues.map((i) => i.path.join('.') || 'data'))].join(', ');
}
