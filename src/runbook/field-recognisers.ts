import type { IntakeFieldDraft } from './draft';
import type { FieldType } from './schema';
import { camelId, capitalize, trimChars } from './text-ids';

// Pure: a phrase the document asks to capture ("the device name", "message ID", "when it started") -> a typed intake field.

interface Recogniser {
  pattern: RegExp;
  type: FieldType;
  /** A shared id, so the same thing named in two lists (or by a placeholder) is asked once. */
  id?: string;
  label?: string;
  help?: string;
  required?: boolean;
}

/** Tested in order: the first match types the phrase. */
const recognisers: Recogniser[] = [
  {
    pattern: /\btime ?zones?\b/i,
    type: 'timezone',
    id: 'timeZone',
    label: 'Time zone',
    help: 'IANA time zone or UTC offset, e.g. Europe/Berlin or +01:00.',
    required: true,
  },
  {
    pattern: /\bwho (?:is|are|was) (?:affected|impacted)\b|\baffected (?:users?|people|accounts|staff)\b|\busers? (?:affected|impacted)\b/i,
    type: 'text',
    id: 'affectedUsers',
    label: 'Who is affected',
    required: true,
  },
  {
    pattern:
      /\bwhen (?:it|the (?:issue|problem|failure)) (?:started|began)\b|\bstart(?:ed)? time\b|\bsince when\b|\bfirst (?:seen|failure|occurrence)\b|\btimestamps?\b|\btime of (?:the )?(?:failure|error|issue)\b/i,
    type: 'datetime',
    id: 'startedAt',
    label: 'When it started',
    help: 'Date and time of the first failure, in the time zone below.',
    required: true,
  },
  {
    pattern: /\b(?:internet )?message[- ]?ids?\b/i,
    type: 'message-id',
    id: 'messageId',
    label: 'Message ID',
    help: 'Internet message id from the message header, e.g. <abc123@contoso.com>.',
  },
  {
    pattern: /\bNDRs?\b|\bnon-delivery\b|\bbounce (?:message|text)\b/i,
    type: 'ndr',
    id: 'ndrText',
    label: 'NDR or exact error text',
    help: 'Paste the bounce message or error exactly as the user saw it.',
  },
  {
    pattern: /\b(?:exact )?error (?:text|message|code|string)s?\b|\bAADSTS\b/i,
    type: 'multiline',
    id: 'errorText',
    label: 'Exact error text',
    help: 'Paste the error exactly as the user saw it.',
  },
  { pattern: /\b(?:object|tenant|correlation|device|application|app|client|trace|policy|user) ids?\b|\bguids?\b/i, type: 'guid' },
  { pattern: /\burls?\b|\blinks?\b(?! (?:types?|kinds?|settings?|expiry|permissions?))|\bweb address\b|\bsite address\b/i, type: 'url' },
  { pattern: /\bdomains?(?: names?)?\b/i, type: 'domain' },
  {
    pattern:
      /\be-?mail(?: address)?\b|\baddress(?:es)?\b|\bsender\b|\brecipients?\b|\bUPNs?\b|\buser principal names?\b|\bsign-in names?\b|\bmailbox(?:es)?\b(?! (?:type|size|rules?|permissions?|database))/i,
    type: 'email',
  },
  { pattern: /\b(?:date|time)s?\b|\bwhen\b/i, type: 'datetime' },
];

/** Fields whose label stays the series' own wording (the hand-encoded seed's); others take the document's words. */
const keepsOwnLabel = new Set(['affectedUsers', 'startedAt', 'timeZone']);

/** Phrases that name evidence to attach later, not something typed at intake. */
const notTyped =
  /\bscreenshots?\b|\bbefore\/after\b|\bbefore and after\b|\bevidence\b|\blogs?\b|\bexports?\b|\brecordings?\b|\battachments?\b|\baudit (?:entries|records|trail)\b|\bHAR\b|\btraces?\b$/i;

/** The field for one captured phrase, or undefined when the phrase names evidence rather than a typed value. */
export function fieldForPhrase(phrase: string): IntakeFieldDraft | undefined {
  const stripped = phrase.replace(/^(?:the|a|an|any|all|each|every)\s+/i, '');
  const words = trimChars(stripped, '.:; \t');
  if (!words || notTyped.test(words)) return undefined;
  const found = recognisers.find((k) => k.pattern.test(words));
  // An email is what the phrase is about ("the delegate's UPN", "sender"), not a word in it ("client IP address", "ticket from the mailbox owner").
  const notAnEmail =
    found?.type === 'email' &&
    (!/(?:address(?:es)?|senders?|recipients?|UPNs?|user principal names?|sign-in names?|mailbox(?:es)?|e-?mails?)$/i.test(words) ||
      /\b(?:IP|IPv[46]|MAC|street|postal|web|number of|count of|how many)\b/i.test(words));
  const r = notAnEmail ? undefined : found;
  const type: FieldType = r?.type ?? 'text';
  const plural = /(?:ids|names|numbers|codes|addresses|identifiers)$/i.test(words);
  const usePlainText = plural && (type === 'guid' || type === 'email' || type === 'url' || type === 'domain');
  return {
    id: r?.id ?? camelId(words.replace(/\b([A-Z]{2,})s\b/g, (_, a: string) => `${a.toLowerCase()}s`)),
    label: r?.label && (keepsOwnLabel.has(r.id ?? '') || (r.id === 'ndrText' && /^NDRs?$/i.test(words))) ? r.label : capitalize(words),
    type: usePlainText ? 'text' : type,
    ...(r?.required ? { required: true } : {}),
    ...(r?.help ? { help: r.help } : usePlainText ? { help: `One or more, as the runbook asks for "${words}".` } : {}),
    ...(type === 'timezone' ? { default: 'UTC' } : {}),
  };
}

/** The type a placeholder's name alone suggests (`<device name>` -> text, `<upn>` -> email), or undefined. */
export function typeForName(name: string): FieldType | undefined {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return recognisers.find((k) => k.pattern.test(words))?.type;
}
