import { multilineLimit, ndrLimit, textLimit } from '../incident/field-values';
import type { IntakeField } from '../runbook/schema';

// One input per intake field (id f_<fieldId>): a text box or a choice set by field type, prefilled, with its rules.

export interface FieldInput {
  kind: 'text' | 'choice';
  id: string;
  label: string;
  /** Input values are not markdown: the value as stored, so a resubmit sends it back unchanged. */
  value: string;
  placeholder: string;
  required: boolean;
  errorMessage: string;
  multiline: boolean;
  maxLength: number;
  style: 'text' | 'email' | 'url';
  choices: { title: string; value: string }[];
}

const yesNo = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

const placeholders: Partial<Record<IntakeField['type'], string>> = {
  email: 'name@contoso.com',
  datetime: 'YYYY-MM-DDThh:mm, e.g. 2026-11-24T09:30 (optionally +01:00)',
  timezone: 'Europe/Berlin, UTC or +01:00',
  'message-id': '<abc123@contoso.com>',
  guid: '01234567-89ab-cdef-0123-456789abcdef',
  domain: 'contoso.com',
  url: 'https://contoso.sharepoint.com/sites/sales',
};

const formats: Partial<Record<IntakeField['type'], string>> = {
  email: 'an email address like name@contoso.com',
  datetime: 'a date and time like 2026-11-24T09:30',
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
  const format = formats[field.type];
  return {
    kind: choice ? 'choice' : 'text',
    id: `f_${field.id}`,
    label: field.label,
    value: value ?? field.default ?? '',
    placeholder: choice ? 'Choose…' : [field.help, placeholders[field.type]].filter(Boolean).join(' '),
    required,
    errorMessage: format ? `${field.label}: enter ${format}.` : `${field.label} is required.`,
    multiline,
    maxLength: multiline ? (field.type === 'ndr' ? ndrLimit : multilineLimit) : (maxLengths[field.type] ?? textLimit),
    style: field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text',
    choices: field.type === 'yes-no' ? yesNo : (field.choices ?? []).map((c) => ({ title: c.title, value: c.value })),
  };
}
