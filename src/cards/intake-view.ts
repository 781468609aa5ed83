import { execute } from './actions';
import { fieldInput } from './field-inputs';
import type { ViewContext } from './view-context';
import { verbs } from './verbs';

// Intake: the form for the runbook's intake-stage fields (f_<fieldId>), prefilled from the incident.

/** `correcting`: the form shown again after intake, sent as an explicit correction (intake.correct). */
export function intakeView({ incident, runbook, clip }: ViewContext, correcting = false) {
  const fields = runbook.intake
    .filter((f) => f.stage === 'intake')
    .map((f) => fieldInput(f, incident.intake[f.id], f.required))
    // The hint is a TextBlock: runbook words, shown literally.
    .map((input) => ({ ...input, hint: clip(input.hint, 600) }));
  return {
    objective: clip(runbook.objective, 400),
    fields,
    hasRequiredInputs: fields.some((f) => f.required),
    submit: execute(incident, correcting ? verbs.correctIntake : verbs.submitIntake),
    submitTitle: correcting ? 'Save the correction' : 'Start triage',
    heading: correcting ? 'Correct what was reported' : 'What do we know?',
    correcting,
  };
}
