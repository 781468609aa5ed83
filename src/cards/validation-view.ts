import { validationItems } from '../incident/progress';
import { execute } from './actions';
import { tickListView } from './tick-list';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// Validation: prove the fix with the runbook's checks (and "validate the same path" when it is a guard).

export function validationView(ctx: ViewContext) {
  const { incident, runbook } = ctx;
  return {
    checks: tickListView(ctx, 'validation', validationItems(runbook), incident.validation),
    proceed: execute(incident, verbs.continue, 'evidence'),
  };
}
