import { multilineLimit, ndrLimit, textLimit } from '../incident/field-values';
import type { IntakeField } from '../runbook/schema';

// One input per intake field (id f_<fieldId>): a text box or a choice set by field type, prefilled, with its rules.

export interface FieldInput {
  kind: 'text' | 'choice';
  id: string;
  label: string;
  /** Input values are not markdown: the value as stored, so a resubmit sends it back unchanged. */
  value: string;
  /** Help and format in one line, for cards that show no hint (the triage form). */
  placeholder: string;
  /** The format example alone, inside the empty box. */
  example: string;
  /** Shown as text under the input: the runbook's help, the format when the help gives no example, the length limit. */
  hint: string;
  hasHint: boolean;
  required: boolean;
  errorMessage: string;
  multiline: boolean;
  maxLength: number;
  /** Typed fields are cut by the client at maxLength; free text is not, so an over-long value is refused in words. */
  limited: boolean;
  style: 'text' | 'email' | 'url';
  choices: { title: string; value: string }[];
}

const yesNo = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

const placeholders: Partial<Record<IntakeField['type'], string>> = {
  email: 'name@contoso.com',
  datetime: '2026-11-24 08:30',
  timezone: 'Europe/Berlin, UTC or +01:00',
  'message-id': '<abc123@contoso.com>',
  guid: '01234567-89ab-cdef-0123-456789abcdef',
  domain: 'contoso.com',
  url: 'https://contoso.sharepoint.com/sites/sales',
};

/** The format in words where an example alone does not say it (a time is read on the reporter's clock). */
const formatHints: Partial<Record<IntakeField['type'], string>> = {
  datetime: 'Format: 2026-11-24 08:30, your local time.',
  timezone: 'An IANA time zone or a UTC offset, e.g. Europe/Berlin, UTC or +01:00.',
};

const formats: Partial<Record<IntakeField['type'], string>> = {
  email: 'an email address like name@contoso.com',
  datetime: 'a date and time like 2026-11-24 08:30',
  timezone: 'a time zone like Europe/Berlin, UTC or +01:00',
  'message-id': 'a message id like <abc123@contoso.com>',
  guid: 'a GUID like 01234567-89ab-cdef-0123-456789abcdef',
  domain: 'a domain like contoso.com',
  url: 'a web address like https://contoso.sharepoint.com/sites/sales',
};

/** Longest accepted values by type (src/incident/field-values.ts); other single-line types take textLimit. */
const maxLengths: Partial<Record<IntakeField['type'], number>> = { email: 254, 'message-id': 997, guid: 38, domain: 254, timezone: 100, url: 2048 };

/** The input for a field; `required` only marks fields the current form must have (intake-stage required fields). */
export function fieldInput(field: IntakeField, value: string | undefined, required: boolean): FieldInput {
  const choice = field.type === 'choice' || field.type === 'yes-no';
  const multiline = field.type === 'multiline' || field.type === 'ndr';
  const freeText = multiline || field.type === 'text';
  const format = formats[field.type];
  const maxLength = multiline ? (field.type === 'ndr' ? ndrLimit : multilineLimit) : (maxLengths[field.type] ?? textLimit);
  const example = choice ? 'Choose…' : boxExample(field);
  const hint = hintOf(field, freeText ? maxLength : undefined);
  return {
    kind: choice ? 'choice' : 'text',
    id: `f_${field.id}`,
    label: field.label,
    value: value ?? field.default ?? '',
    placeholder: choice ? 'Choose…' : [field.help, givesExample(field) ? undefined : placeholders[field.type]].filter(Boolean).join(' '),
    example,
    hint,
    hasHint: hint !== '',
    required,
    errorMessage: format ? `${field.label}: enter ${format}.` : `${field.label} is required.`,
    multiline,
    maxLength,
    limited: !freeText,
    style: field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text',
    choices: field.type === 'yes-no' ? yesNo : (field.choices ?? []).map((c) => ({ title: c.title, value: c.value })),
  };
}

/** The runbook's help already shows the format ("e.g. Europe/Berlin"): the type's own example would say it twice. */
function givesExample(field: IntakeField): boolean {
  return /\be\.g\.|\bfor example\b/i.test(field.help ?? '');
}

/** In the empty box: the pattern of a time, or the type's example unless the hint under the box already gives one. */
function boxExample(field: IntakeField): string {
  if (field.type === 'datetime') return 'YYYY-MM-DD hh:mm';
  return givesExample(field) || formatHints[field.type] ? '' : (placeholders[field.type] ?? '');
}

/** The help, then the format unless the help already gives an example ("e.g."), then "Up to 500 characters." for free text. */
function hintOf(field: IntakeField, limit: number | undefined): string {
  const help = field.help?.trim();
  const format = formatHints[field.type];
  const withStop = (text: string) => (/[.!?)]$/.test(text) ? text : `${text}.`);
  return [help ? withStop(help) : undefined, format && !givesExample(field) ? format : undefined, limit ? `Up to ${limit} characters.` : undefined]
    .filter(Boolean)
    .join(' ');
}
