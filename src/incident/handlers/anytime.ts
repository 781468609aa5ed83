import { auditDetail, type Handler, limits, reject, requireText, tooLong } from './change';

// Commands open in every phase of an open incident: cancel, escalate, hand over, add a note.

export const cancel: Handler<'cancel'> = (incident, cmd, _env, at) => {
  const problem = requireText('The reason for cancelling', cmd.reason, limits.reason);
  if (problem) {
    const empty = !cmd.reason || cmd.reason.trim() === '';
    const hint = { message: 'Say why the incident is cancelled, e.g. "cancel duplicate of INC-20261124-002".' };
    return reject({ code: 'invalid-input', problems: [empty ? hint : problem] });
  }
  return {
    incident: { ...incident, phase: 'cancelled', cancelled: { at, by: cmd.actor, reason: cmd.reason.trim() } },
    // Pending approvals become void with the incident: their cards are refreshed so nobody decides them.
    effects: [
      { kind: 'showIncident' },
      ...incident.approvals.filter((a) => a.status === 'pending').map((a) => ({ kind: 'updateApproval' as const, approvalId: a.id })),
    ],
    what: 'cancelled the incident',
    detail: cmd.reason.trim(),
  };
};

/** Escalates to Sev 1 handling: posts to the leads' channel. Escalating twice changes nothing. */
export const escalate: Handler<'escalate'> = (incident, cmd, env, at) => {
  if (incident.escalated) {
    return reject({ code: 'invalid-input', problems: [{ message: `Already escalated by ${incident.escalated.by.name} at ${incident.escalated.at}.` }] });
  }
  const problem = tooLong('The reason for escalating', cmd.reason, limits.reason);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  const top = env.runbook.severity.levels[0];
  const reason = cmd.reason?.trim() || `Escalated by ${cmd.actor.name}`;
  // Reasons of a lower level (e.g. the fallback's "below Sev 2") would contradict the new level; keep only the top level's.
  const earlier = incident.severity?.id === top.id ? incident.severity.reasons : [];
  return {
    incident: {
      ...incident,
      escalated: { at, by: cmd.actor, reason },
      severity: { id: top.id, label: top.label, reasons: [reason, ...earlier] },
    },
    effects: [{ kind: 'showIncident' }, { kind: 'postEscalation', reason }],
    what: 'escalated the incident',
    detail: reason,
  };
};

export const handover: Handler<'handover'> = (incident, cmd) => {
  if (cmd.to.id === incident.owner.id) {
    return reject({ code: 'invalid-input', problems: [{ message: `${cmd.to.name} already owns this incident.` }] });
  }
  return {
    incident: { ...incident, owner: cmd.to },
    effects: [{ kind: 'showIncident' }, { kind: 'notify', text: `${cmd.actor.name} handed ${incident.id} over to ${cmd.to.name}.` }],
    what: `handed over to ${cmd.to.name}`,
    detail: `from ${incident.owner.name}`,
  };
};

export const addNote: Handler<'addNote'> = (incident, cmd, _env, at) => {
  const problem = requireText('The note', cmd.text, limits.note);
  if (problem) return reject({ code: 'invalid-input', problems: [problem] });
  return {
    incident: { ...incident, notes: [...incident.notes, { at, by: cmd.actor, text: cmd.text.trim() }] },
    effects: [{ kind: 'showIncident' }],
    what: 'added a note',
    detail: auditDetail(cmd.text.trim()),
  };
};
