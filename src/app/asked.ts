// The request as the authorization policy and the audit see it.

import type { Asked } from '../incident/authorization';
import { commandVerb, typeVerb, viewVerbs } from '../incident/refusals';
import type { Ask } from './request';

/** The request as the policy sees it. Only asks about an existing incident reach the policy this way. */
export function askedOf(ask: Ask): Asked {
  switch (ask.kind) {
    case 'command':
      return { kind: 'command', type: ask.body.type, verb: commandVerb(ask.body) };
    case 'attachments':
      return { kind: 'command', type: 'addEvidence', verb: typeVerb('addEvidence') };
    case 'handoverWhom':
    case 'handoverPick':
      return { kind: 'command', type: 'handover', verb: typeVerb('handover') };
    case 'view':
      return { kind: 'view', verb: viewVerbs.show };
    case 'export':
      return { kind: 'export', verb: viewVerbs.export };
    case 'viewApproval':
      return { kind: 'viewApproval', verb: viewVerbs.approval };
    default:
      return { kind: 'open', verb: ask.kind };
  }
}

/** The request as a verb for the audit; undefined when it is about no incident (help, an opening, an unparseable payload). */
export function askedVerb(ask: Ask): string | undefined {
  switch (ask.kind) {
    case 'command':
    case 'attachments':
    case 'handoverWhom':
    case 'handoverPick':
    case 'view':
    case 'export':
    case 'viewApproval':
      return askedOf(ask).verb;
    default:
      return undefined;
  }
}
