import { type Handler, reject } from './change';

// Effects lost between the save and the send (a crash, a deploy) are asked for again by src/teams/effect-repairer.
// The repairer's idempotency key names the lost sending, so across instances each one is re-sent once.

export const resendEffect: Handler<'resendEffect'> = (incident, cmd) => {
  switch (cmd.effect) {
    case 'approval': {
      const approval = incident.approvals.find((a) => a.id === cmd.target);
      if (!approval || approval.status !== 'pending' || incident.phase === 'cancelled') {
        return reject({ code: 'unknown-item', what: 'pending approval', id: cmd.target.slice(0, 60) });
      }
      return { incident, effects: [{ kind: 'showIncident' }, { kind: 'requestApproval', approvalId: approval.id }], what: 're-sent the approval request', detail: `${approval.id}: its first sending was not recorded` };
    }
    case 'summary':
      if (incident.phase !== 'closed' || incident.summary.post !== undefined) {
        return reject({ code: 'invalid-input', problems: [{ message: 'The summary post is already recorded.' }] });
      }
      return { incident, effects: [{ kind: 'showIncident' }, { kind: 'postSummary' }], what: 'posted the summary again', detail: 'its first posting was not recorded' };
    case 'escalation':
      if (!incident.escalated) return reject({ code: 'invalid-input', problems: [{ message: 'The incident is not escalated.' }] });
      return {
        incident,
        effects: [{ kind: 'showIncident' }, { kind: 'postEscalation', reason: incident.escalated.reason }],
        what: 'posted the escalation again',
        detail: 'its first posting was not recorded',
      };
  }
};
