import type { IntakeFieldDraft } from './draft';

// Pure: the intake form of an imported runbook: the series' standard incident fields plus the command placeholders.

const head: IntakeFieldDraft[] = [
  {
    id: 'affectedUsers',
    label: 'Who is affected',
    type: 'text',
    required: true,
    help: 'Users, departments, sites or applications that are affected.',
  },
  {
    id: 'scope',
    label: 'Affected scope',
    type: 'choice',
    required: true,
    choices: [
      { value: 'single-user', title: 'One user' },
      { value: 'several-users', title: 'Several users' },
      { value: 'department', title: 'A department or location' },
      { value: 'workload', title: 'A workload, site, domain, connector or application path' },
      { value: 'tenant', title: 'Tenant-wide' },
    ],
  },
  { id: 'startedAt', label: 'When it started', type: 'datetime', required: true, help: 'Date and time of the first failure, in the time zone below.' },
  {
    id: 'timeZone',
    label: 'Time zone',
    type: 'timezone',
    required: true,
    default: 'UTC',
    help: 'IANA time zone or UTC offset, e.g. Europe/Berlin or +01:00.',
  },
];

const tail: IntakeFieldDraft[] = [
  { id: 'regulatedData', label: 'Is regulated data or a security service blocked?', type: 'yes-no', required: true, default: 'no' },
  { id: 'highPriorityUser', label: 'Is a high-priority user impaired (with a workaround)?', type: 'yes-no', required: true, default: 'no' },
];

const subject: IntakeFieldDraft = { id: 'subject', label: 'Subject', type: 'text' };
const messageId: IntakeFieldDraft = {
  id: 'messageId',
  label: 'Message ID',
  type: 'message-id',
  help: 'Internet message id from the message header, e.g. <abc123@contoso.com>.',
};
const ndrText: IntakeFieldDraft = { id: 'ndrText', label: 'NDR or exact error text', type: 'ndr', help: 'Paste the bounce message or error exactly as the user saw it.' };
const errorText: IntakeFieldDraft = { id: 'errorText', label: 'Exact error text', type: 'multiline', help: 'Paste the error exactly as the user saw it.' };
const deviceOrService: IntakeFieldDraft = {
  id: 'deviceOrService',
  label: 'Device or service identifiers',
  type: 'text',
  help: 'Client, device, application or host involved.',
};
const requestIds: IntakeFieldDraft = { id: 'requestIds', label: 'Request IDs', type: 'text' };

/** Fields the text (first-15-minutes list and operator note) asks to collect; exact error text always, as an NDR if NDRs are named. */
function mentionedFields(text: string): IntakeFieldDraft[] {
  return [
    ...(/\bsubject\b/i.test(text) ? [subject] : []),
    ...(/\bmessage[- ]IDs?\b/i.test(text) ? [messageId] : []),
    /\bNDRs?\b|\bnon-delivery report/i.test(text) ? ndrText : errorText,
    ...(/\bdevice\/service identifiers|\bdevice or service identifiers/i.test(text) ? [deviceOrService] : []),
    ...(/\brequest IDs?\b/i.test(text) ? [requestIds] : []),
  ];
}

/**
 * The intake form: who/scope/when, the placeholders known at intake, the mentioned fields, the yes/no severity questions,
 * then placeholders only known after triage (e.g. a trace id).
 */
export function assembleIntake(mentionText: string, placeholderFields: IntakeFieldDraft[]): IntakeFieldDraft[] {
  return [
    ...head,
    ...placeholderFields.filter((f) => f.stage !== 'triage'),
    ...mentionedFields(mentionText),
    ...tail,
    ...placeholderFields.filter((f) => f.stage === 'triage'),
  ];
}

/** Ids of the standard fields, so a command placeholder with the same name binds to it instead of adding a field. */
export function standardFieldIds(mentionText: string): Set<string> {
  return new Set([...head, ...mentionedFields(mentionText), ...tail].map((f) => f.id));
}
