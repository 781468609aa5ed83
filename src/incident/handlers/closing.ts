import { markEntry } from '../outbox';
import { findInternalDetails } from '../summary-check';
import { validationItems, openItems } from '../progress';
import type { EvidenceEntry } from '../types';
import { auditDetail, type Handler, limits, reject, requireText, tooLong } from './change';
import { requireOneValidated } from './guided';

// Evidence, the summary and closing: the summary leaves only complete and checked.

/** Adds text, a link or a chat attachment as evidence, in any open phase. */
export const addEvidence: Handler<'addEvidence'> = (incident, cmd, env, at) => {
  const problems = [
    requireText('The evidence description', cmd.text, limits.evidence),
    tooLong('The link', cmd.url, limits.url),
    cmd.kind !== 'text' && !cmd.url ? { message: 'A link or attachment needs its address.' } : undefined,
    cmd.url && !/^https:\/\/\S+$/i.test(cmd.url) ? { message: `The link must be an https:// address: "${cmd.url.slice(0, 60)}"` } : undefined,
    cmd.coversItem && !env.runbook.evidence.some((e) => e.id === cmd.coversItem)
      ? { message: `There is no evidence item "${cmd.coversItem}" in this runbook.` }
      : undefined,
  ].filter((p) => p !== undefined);
  if (problems.length) return reject({ code: 'invalid-input', problems });
  const entry: EvidenceEntry = {
    id: `E${incident.evidence.length + 1}`,
    kind: cmd.kind,
    text: cmd.text.trim(),
    at,
    by: cmd.actor,
    ...(cmd.url ? { url: cmd.url } : {}),
    ...(cmd.contentType ? { contentType: cmd.contentType } : {}),
    ...(cmd.coversItem ? { coversItem: cmd.coversItem } : {}),
  };
  return {
    incident: { ...incident, evidence: [...incident.evidence, entry] },
    effects: [{ kind: 'showIncident' }],
    what: `added ${cmd.kind} evidence`,
    detail: auditDetail(entry.text),
  };
};

/** Replaces summary fields; warnings are recomputed and acknowledgements kept only for warnings still present. */
export const editSummary: Handler<'editSummary'> = (incident, cmd, env) => {
  if (incident.phase !== 'summary') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'edit the summary' });
  const known = new Map(env.runbook.summary.map((f) => [f.id, f]));
  const problems = Object.entries(cmd.fields).flatMap(([id, value]) => {
    const field = known.get(id);
    if (!field) return [{ message: `There is no summary field "${id}" in this runbook.` }];
    const p = tooLong(field.label, value, limits.summaryField);
    return p ? [p] : [];
  });
  if (problems.length) return reject({ code: 'invalid-input', problems });
  const fields = { ...incident.summary.fields, ...Object.fromEntries(Object.entries(cmd.fields).map(([k, v]) => [k, v.trim()])) };
  const warnings = findInternalDetails(fields);
  const acknowledged = incident.summary.acknowledged.filter((id) => warnings.some((w) => w.id === id));
  return {
    incident: { ...incident, summary: { ...incident.summary, fields, warnings, acknowledged } },
    effects: [{ kind: 'showIncident' }],
    what: 'edited the summary',
    detail: Object.keys(cmd.fields).join(', '),
  };
};

/** Acknowledges internal-detail warnings by id: the person confirms the detail is safe to publish. */
export const acknowledgeWarnings: Handler<'acknowledgeWarnings'> = (incident, cmd) => {
  if (incident.phase !== 'summary') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'acknowledge summary warnings' });
  const unknown = cmd.warningIds.filter((id) => !incident.summary.warnings.some((w) => w.id === id));
  if (unknown.length || cmd.warningIds.length === 0) {
    return reject({
      code: 'invalid-input',
      problems: [{ message: unknown.length ? 'That warning is no longer on the summary.' : 'No warning was selected.' }],
    });
  }
  const acknowledged = [...new Set([...incident.summary.acknowledged, ...cmd.warningIds])];
  return {
    incident: { ...incident, summary: { ...incident.summary, acknowledged } },
    effects: [{ kind: 'showIncident' }],
    what: 'acknowledged summary warnings',
    detail: cmd.warningIds.join(', '),
  };
};

/** Closes the incident and posts the summary: validation complete, every field filled, warnings resolved. */
export const close: Handler<'close'> = (incident, _cmd, env, at) => {
  if (incident.phase !== 'summary') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'close the incident before the summary step' });
  const open = openItems(validationItems(env.runbook), incident.validation);
  if (open.length) return reject({ code: 'incomplete', what: 'the validation checklist', missing: open.map((i) => i.text) });
  const unvalidated = requireOneValidated(env.runbook, incident);
  if (unvalidated) return unvalidated;
  const empty = env.runbook.summary.filter((f) => !incident.summary.fields[f.id]?.trim());
  if (empty.length) return reject({ code: 'incomplete', what: 'the summary', missing: empty.map((f) => f.label) });
  const pending = incident.summary.warnings.filter((w) => !incident.summary.acknowledged.includes(w.id));
  if (pending.length) return reject({ code: 'unacknowledged-warnings', warnings: pending.map((w) => w.match) });
  return {
    incident: { ...incident, phase: 'closed', closedAt: at },
    effects: [{ kind: 'showIncident' }, { kind: 'postSummary' }],
    what: 'closed the incident and posted the summary',
  };
};

/** Records where the summary went, or why it could not be posted (reported by the Teams layer). */
export const recordSummaryPost: Handler<'recordSummaryPost'> = (incident, cmd, _env, at) => {
  if (incident.phase !== 'closed') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'record the summary post' });
  const post = cmd.ok
    ? { status: 'posted' as const, at, ...(cmd.where ? { where: cmd.where } : {}) }
    : { status: 'failed' as const, at, error: cmd.error ?? 'unknown error' };
  // The deliverer reports the posting of its outbox entry, marked in the same write; a failure is final (the card offers Retry).
  // Without an entry named (a report from outside the deliverer), the outcome stands for every summary post pending.
  const outcome = cmd.ok ? ({ ok: true } as const) : { ok: false as const, error: cmd.error ?? 'unknown error', final: true };
  const named = cmd.effectId
    ? [cmd.effectId]
    : (incident.outbox ?? []).filter((e) => e.effect.kind === 'postSummary' && e.state === 'pending').map((e) => e.id);
  const delivered = named.reduce<typeof incident | undefined>((current, id) => markEntry(current ?? incident, id, outcome, new Date(at)) ?? current, undefined);
  return {
    incident: { ...(delivered ?? incident), summary: { ...incident.summary, post } },
    effects: [{ kind: 'showIncident' }],
    what: cmd.ok ? 'posted the summary' : 'could not post the summary',
    detail: cmd.ok ? cmd.where : cmd.error,
  };
};

/** A summary post tried this recently is taken to be still on its way (well over one send's 8 s budget). */
const postUnderWayMs = 2 * 60_000;

/** Offers the summary post again after a failure. */
export const retrySummaryPost: Handler<'retrySummaryPost'> = (incident, _cmd, env, at) => {
  if (incident.phase !== 'closed') return reject({ code: 'wrong-phase', phase: incident.phase, action: 'retry the summary post' });
  if (incident.summary.post?.status === 'posted') {
    return reject({
      code: 'invalid-input',
      problems: [{ message: `The summary was already posted${incident.summary.post.where ? ` to ${incident.summary.post.where}` : ''}.` }],
    });
  }
  // A post tried in the last two minutes is still under way: two Retry clicks post one summary. An older pending one
  // (its instance gone) is superseded by this retry in the same write, so the sweep does not post it as well.
  const pending = (incident.outbox ?? []).filter((e) => e.effect.kind === 'postSummary' && e.state === 'pending');
  if (pending.some((e) => env.now.getTime() - Date.parse(e.triedAt ?? e.at) < postUnderWayMs)) {
    return reject({ code: 'invalid-input', problems: [{ message: 'The summary is being posted right now; the card shows the outcome in a moment.' }] });
  }
  const superseded = pending.reduce(
    (current, e) => markEntry(current, e.id, { ok: false, error: 'superseded by Retry posting', final: true }, new Date(at)) ?? current,
    incident,
  );
  return { incident: superseded, effects: [{ kind: 'postSummary' }], what: 'retried posting the summary' };
};
