import { limits } from '../incident/handlers/change';
import type { SummaryWarning } from '../incident/types';
import { truncate } from './escape';
import { execute } from './actions';
import { andMore } from './format';
import { listLength, type ViewContext } from './view-context';
import { verbs } from './verbs';

// Summary: edit the customer-facing draft, acknowledge internal-detail warnings, then post it and close.

const kindNames: Record<SummaryWarning['kind'], string> = {
  ipv4: 'IP address',
  ipv6: 'IPv6 address',
  'message-id': 'message id',
  'email-address': 'email address',
  'internal-host': 'internal host name',
  powershell: 'PowerShell command',
  guid: 'GUID',
};

export function summaryEditorView(ctx: ViewContext) {
  const { incident, runbook, clip } = ctx;
  const { summary } = incident;
  const warningsShown = listLength(ctx, 25, 5);
  const label = (fieldId: string) => runbook.summary.find((f) => f.id === fieldId)?.label ?? fieldId;
  const pending = summary.warnings.filter((w) => !summary.acknowledged.includes(w.id));
  const shown = [...pending, ...summary.warnings.filter((w) => summary.acknowledged.includes(w.id))].slice(0, warningsShown);
  // The ack input arrives comma-separated (verbs.ts), so a warning whose id holds a comma can only be edited out.
  const acknowledgeable = pending.filter((w) => !w.id.includes(','));
  return {
    fields: runbook.summary.map((f) => ({
      id: `s_${f.id}`,
      label: f.label,
      placeholder: f.hint,
      value: summary.fields[f.id] ?? '',
      max: limits.summaryField,
    })),
    warnings: shown.map((w) => {
      const acknowledged = summary.acknowledged.includes(w.id);
      return {
        text: `${acknowledged ? '☑' : '⚠'} ${clip(label(w.field), 60)}: ${kindNames[w.kind]} "${clip(w.match, 100)}"${acknowledged ? ' (acknowledged)' : ''}`,
        color: acknowledged ? 'default' : 'warning',
      };
    }),
    hasWarnings: shown.length > 0,
    moreWarnings: andMore(summary.warnings.length, warningsShown),
    ackChoices: acknowledgeable.slice(0, warningsShown).map((w) => ({ title: truncate(`${label(w.field)}: ${w.match}`, 80), value: w.id })),
    hasPending: acknowledgeable.length > 0,
    acknowledge: execute(incident, verbs.acknowledge),
    save: execute(incident, verbs.saveSummary),
    close: execute(incident, verbs.close),
  };
}
