// What a person can type, shown by help and after a message that is not a command.

export const helpText = [
  '**start** — open a new incident (also "new incident")',
  '**status** — show the current incident card',
  '**note** _text_ — add a note to the incident',
  '**cancel** _reason_ — cancel the incident',
  '**escalate** — escalate to Sev 1 and alert the leads',
  '**handover** @person — hand the incident over; **handover** alone (e.g. in a personal chat) shows a card to pick the person',
  '**set summary channel** — (approvers, in a channel) post incident summaries here',
  'With several open incidents here, put the id first: **INC-20261124-001 status**.',
].join('\n\n');
