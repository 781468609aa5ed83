import { type Asked, authorize, botOnlyCommands, type Place, ruleFor } from '../../src/incident/authorization';
import type { CommandType } from '../../src/incident/commands';

// The policy as a table: who may do what from where, without an adapter. Every command type has a row (the Record
// type makes a new command fail to compile until it is placed here).

type Who = 'staff' | 'approval' | 'nobody';
const commandRows: Record<CommandType, Who> = {
  submitIntake: 'staff',
  tick: 'staff',
  recordResult: 'staff',
  continue: 'staff',
  chooseFinding: 'staff',
  requestApproval: 'staff',
  decideApproval: 'approval',
  markActionDone: 'staff',
  addEvidence: 'staff',
  editSummary: 'staff',
  acknowledgeWarnings: 'staff',
  close: 'staff',
  retrySummaryPost: 'staff',
  cancel: 'staff',
  escalate: 'staff',
  handover: 'staff',
  addNote: 'staff',
  runDiagnostics: 'staff',
  recordSummaryPost: 'nobody',
  recordDiagnostics: 'nobody',
  recordRefusal: 'nobody',
  claimReminder: 'nobody',
  claimDelivery: 'nobody',
  recordDelivery: 'nobody',
};

const places: Record<string, Place> = {
  'the incident conversation': { inIncidentConversation: true, approvalCardHere: false },
  "the approvers' chat (approval card posted there)": { inIncidentConversation: false, approvalCardHere: true },
  'another conversation': { inIncidentConversation: false, approvalCardHere: false },
};

/** What the table says, written out: [who-class, place, approver] -> allowed. */
function expected(who: Who, place: string, approver: boolean): boolean {
  if (who === 'nobody') return false;
  if (place === 'the incident conversation') return true;
  if (who === 'staff') return false;
  return place.startsWith('the approvers') || approver;
}

const cases = Object.entries(commandRows).flatMap(([type, who]) =>
  Object.entries(places).flatMap(([place, facts]) => [false, true].map((approver) => ({ type: type as CommandType, who, place, facts, approver }))),
);

test.each(cases)('$type from $place (approver: $approver)', ({ type, who, place, facts, approver }) => {
  const asked: Asked = { kind: 'command', type, verb: type };
  const verdict = authorize(asked, facts, approver);
  expect(verdict.allowed).toBe(expected(who, place, approver));
  if (verdict.allowed) return;
  const code = botOnlyCommands.has(type) ? 'bot-only' : type === 'decideApproval' ? 'not-approver' : 'outside';
  expect(verdict).toEqual({
    allowed: false,
    code,
    refusal: {
      verb: type,
      reason: code === 'bot-only' ? 'only the bot does this' : code === 'not-approver' ? 'not an approver' : 'outside the incident conversation',
    },
  });
});

test.each([
  ['view', 'staff'],
  ['export', 'staff'],
  ['viewApproval', 'approval'],
] as const)('%s follows the %s rule from every place', (kind, who) => {
  for (const [place, facts] of Object.entries(places)) {
    for (const approver of [false, true]) {
      const verdict = authorize({ kind, verb: kind }, facts, approver);
      expect({ place, approver, allowed: verdict.allowed }).toEqual({ place, approver, allowed: expected(who, place, approver) });
      if (!verdict.allowed) expect(verdict.code).toBe('outside');
    }
  }
});

test('opening needs no incident and no place; choosing the summary channel needs an approver, wherever they type it', () => {
  const nowhere = places['another conversation'];
  expect(authorize({ kind: 'open', verb: 'start' }, nowhere, false)).toEqual({ allowed: true });
  expect(authorize({ kind: 'setSummaryChannel', verb: 'set the summary channel' }, nowhere, true)).toEqual({ allowed: true });
  expect(authorize({ kind: 'setSummaryChannel', verb: 'set the summary channel' }, places['the incident conversation'], false)).toMatchObject({
    allowed: false,
    code: 'not-approver',
  });
  expect(ruleFor({ kind: 'open', verb: 'start' }).anyone).toBe(true);
});
