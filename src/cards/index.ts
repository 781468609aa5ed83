// Cards: pure functions from an incident (or runbooks) to Adaptive Card JSON, bound from the templates in cards/.

export { renderApprovalCard } from './approval-card';
export { cardBudgetBytes, cardBytes } from './card-size';
export { renderEscalationCard } from './escalation-card';
export { emailMax, pickerDatasets, type PickerScope, renderHandoverCard } from './handover-card';
export { escapeMarkdown, truncate } from './escape';
export { renderIncidentCard } from './incident-card';
export { renderMessageCard } from './message-card';
export { renderPickerCard } from './picker-card';
export { renderSummaryCard } from './summary-card';
export type { AdaptiveCard, ExecuteAction, Notice } from './types';
export { actionKey, verbs, type Verb } from './verbs';
