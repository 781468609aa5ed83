import type { CommandType } from './commands';
import { outsideRefusal, type Refusal } from './refusals';

// Who may do what from where: one table, one pure function. Pure; the pipeline (src/app/pipeline.ts) asks it
// before every read-decide-save and audits every refusal it returns. decide() still checks the domain's own rules
// (an approver may not approve their own request, a decided approval stays decided).

/** What a person asks for, as the policy sees it. */
export type Asked =
  | { kind: 'command'; type: CommandType; verb: string }
  | { kind: 'view' | 'export' | 'viewApproval'; verb: string }
  | { kind: 'open' | 'setSummaryChannel'; verb: string };

/** Where they ask from, as facts the pipeline read. */
export interface Place {
  /** The conversation (chat, or channel thread) the incident is run in. */
  inIncidentConversation: boolean;
  /** A conversation the incident's approval card (the one asked about) was posted to. */
  approvalCardHere: boolean;
}

/** Who may ask: staff in the incident's conversation, approvers (wherever they are), anyone where the approval card is. */
export interface Rule {
  inIncidentConversation: boolean;
  whereTheApprovalCardIs: boolean;
  approverAnywhere: boolean;
  /** No incident involved: anyone who can reach the bot. */
  anyone: boolean;
}

export type Verdict = { allowed: true } | { allowed: false; code: RefusalCode; refusal: Refusal };
export type RefusalCode = 'outside' | 'not-approver' | 'bot-only';

const staff: Rule = { inIncidentConversation: true, whereTheApprovalCardIs: false, approverAnywhere: false, anyone: false };
const approval: Rule = { inIncidentConversation: true, whereTheApprovalCardIs: true, approverAnywhere: true, anyone: false };
const nobody: Rule = { inIncidentConversation: false, whereTheApprovalCardIs: false, approverAnywhere: false, anyone: false };

/** Commands only the bot itself issues (the deliverer, the sweep, the live checks): never from a card or a message. */
export const botOnlyCommands: ReadonlySet<CommandType> = new Set<CommandType>([
  'recordSummaryPost',
  'recordDiagnostics',
  'recordRefusal',
  'claimReminder',
  'claimDelivery',
  'recordDelivery',
]);

/** The table. Anything a person may do on an incident is done from its conversation; approvals travel with their card. */
export function ruleFor(asked: Asked): Rule {
  switch (asked.kind) {
    case 'open':
      return { ...nobody, anyone: true };
    case 'setSummaryChannel':
      return { ...nobody, approverAnywhere: true };
    case 'view':
    case 'export':
      return staff;
    case 'viewApproval':
      return approval;
    case 'command':
      if (botOnlyCommands.has(asked.type)) return nobody;
      return asked.type === 'decideApproval' ? approval : staff;
  }
}

/** Allowed, or the typed refusal to answer in words and audit. */
export function authorize(asked: Asked, place: Place, isApprover: boolean): Verdict {
  const rule = ruleFor(asked);
  if (rule.anyone) return { allowed: true };
  if (rule.inIncidentConversation && place.inIncidentConversation) return { allowed: true };
  if (rule.whereTheApprovalCardIs && place.approvalCardHere) return { allowed: true };
  if (rule.approverAnywhere && isApprover) return { allowed: true };
  if (asked.kind === 'command' && botOnlyCommands.has(asked.type))
    return { allowed: false, code: 'bot-only', refusal: { verb: asked.verb, reason: 'only the bot does this' } };
  // Deciding is what approvers do: anyone else is told that, wherever they clicked.
  if (asked.kind === 'setSummaryChannel' || (asked.kind === 'command' && asked.type === 'decideApproval')) {
    return { allowed: false, code: 'not-approver', refusal: { verb: asked.verb, reason: 'not an approver' } };
  }
  return { allowed: false, code: 'outside', refusal: outsideRefusal(asked.verb) };
}
