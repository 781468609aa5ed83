import type { FieldType, IntakeField } from '../runbook/schema';
import { formatInZone, offsetAt, readWallTime, toUtc } from './local-time';

// Intake values: one validator per field type. Values go into PowerShell (quoted) and onto cards.

export type FieldCheck = { ok: true; value: string } | { ok: false; message: string };

export const textLimit = 500;
export const multilineLimit = 4000;
export const ndrLimit = 4000;

// Controls: C0 except tab/LF/CR for multi-line text, DEL, C1, and bidi overrides that disguise text.
const controlChars = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const controlExceptLayout = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const lineBreaks = /[\r\n\u2028\u2029]/;

/** Validates and normalises one typed value for a field; the message names the field and quotes the bad value. */
export function checkFieldValue(field: IntakeField, raw: string): FieldCheck {
  const value = raw.trim();
  if (value === '') return fail(`${field.label} is empty.`);
  const check = checkers[field.type];
  return check(value, field);
}

type Checker = (value: string, field: IntakeField) => FieldCheck;

const checkers: Record<FieldType, Checker> = {
  email: (v, f) => checkEmail(v, f.label),
  datetime: (v, f) => checkDateTime(v, f.label),
  timezone: (v, f) => checkTimeZone(v, f.label),
  text: (v, f) => {
    if (lineBreaks.test(v)) return fail(`${f.label} must be a single line: ${quoted(v)}`);
    if (controlChars.test(v)) return fail(`${f.label} contains control characters: ${quoted(v)}`);
    return withinLimit(v, f.label, textLimit);
  },
  multiline: (v, f) => {
    if (controlExceptLayout.test(v)) return fail(`${f.label} contains control characters: ${quoted(v)}`);
    return withinLimit(v.replace(/\r\n?/g, '\n'), f.label, multilineLimit);
  },
  ndr: (v, f) => withinLimit(v.replace(/\r\n?/g, '\n'), f.label, ndrLimit),
  'message-id': (v, f) => {
    const m = /^<?([!-;=?-~]+@[!-;=?-~]+)>?$/.exec(v);
    const inner = m?.[1];
    const balanced = v.startsWith('<') === v.endsWith('>');
    if (!inner || !balanced || inner.split('@').length !== 2 || inner.includes('"') || inner.length > 995) {
      return fail(`${f.label} is not a message id like <abc123@contoso.com>: ${quoted(v)}`);
    }
    return { ok: true, value: `<${inner}>` };
  },
  guid: (v, f) => {
    const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(v);
    if (!m || v.startsWith('{') !== v.endsWith('}')) {
      return fail(`${f.label} is not a GUID like 01234567-89ab-cdef-0123-456789abcdef: ${quoted(v)}`);
    }
    return { ok: true, value: m[1].toLowerCase() };
  },
  domain: (v, f) => {
    const domain = v.replace(/\.$/, '').toLowerCase();
    if (!isHostName(domain)) return fail(`${f.label} is not a domain name like contoso.com: ${quoted(v)}`);
    return { ok: true, value: domain };
  },
  url: (v, f) => checkUrl(v, f.label),
  choice: (v, f) => {
    const choices = f.choices ?? [];
    const match = choices.find((c) => c.value === v) ?? choices.find((c) => c.value.toLowerCase() === v.toLowerCase());
    if (!match) return fail(`${f.label} must be one of ${choices.map((c) => c.title).join(', ')}: ${quoted(v)} is not.`);
    return { ok: true, value: match.value };
  },
  'yes-no': (v, f) => {
    const lower = v.toLowerCase();
    if (lower === 'yes' || lower === 'true') return { ok: true, value: 'yes' };
    if (lower === 'no' || lower === 'false') return { ok: true, value: 'no' };
    return fail(`${f.label} must be yes or no: ${quoted(v)}`);
  },
};

/** An http(s) address with a host name, kept exactly as typed (what a person pastes from the browser's address bar). */
function checkUrl(value: string, label: string): FieldCheck {
  const bad = () => fail(`${label} is not a web address like https://contoso.sharepoint.com/sites/sales: ${quoted(value)}`);
  if (/\s/.test(value) || controlChars.test(value) || value.length > 2048) return bad();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad();
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) return bad();
  return { ok: true, value };
}

function fail(message: string): FieldCheck {
  return { ok: false, message };
}

/** The value in double quotes for a message: at most 60 characters, controls made visible. */
function quoted(value: string): string {
  const chars = [...value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD')];
  const shown = chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : chars.join('');
  return `"${shown}"`;
}

function withinLimit(value: string, label: string, limit: number): FieldCheck {
  const length = [...value].length;
  if (length > limit) return fail(`${label} is too long: ${length} characters, at most ${limit}: ${quoted(value)}`);
  return { ok: true, value };
}

// Local part: RFC 5322 dot-atom (ASCII atext, apostrophe included: o'brien@contoso.com is real).
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

function checkEmail(value: string, label: string): FieldCheck {
  if (/[\s,;]/.test(value) && value.split(/[\s,;]+/).filter((p) => p.includes('@')).length > 1) {
    return fail(`${label} must be one email address, not a list: ${quoted(value)}`);
  }
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const valid = at > 0 && value.length <= 254 && local.length <= 64 && localPart.test(local) && isHostName(domain.toLowerCase());
  if (!valid) return fail(`${label} is not an email address: ${quoted(value)}`);
  return { ok: true, value };
}

/** A DNS host name with at least one dot: LDH labels of 1-63 characters, a TLD that is not all digits. */
export function isHostName(name: string): boolean {
  if (name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  const ldh = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
  return labels.every((l) => ldh.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s?(Z|[+-]\d{2}:?\d{2})?$/i;

function checkDateTime(value: string, label: string): FieldCheck {
  const m = dateTimePattern.exec(value);
  const bad = fail(`${label} is not a date and time like 2026-11-24T09:30: ${quoted(value)}`);
  if (!m) return bad;
  const [, y, mo, d, h, mi, s, offset] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(`${label} is not a real date: ${quoted(value)}`);
  }
  if (hour > 23 || minute > 59 || second > 59) return fail(`${label} is not a real time of day: ${quoted(value)}`);
  let zone = '';
  if (offset) {
    const normalised = normaliseOffset(offset);
    if (!normalised) return fail(`${label} has an impossible UTC offset: ${quoted(value)}`);
    zone = normalised;
  }
  return { ok: true, value: `${y}-${mo}-${d}T${h}:${mi}${zone}` };
}

/** Clocks drift: a start up to this far ahead of the server's clock is taken as "just now". */
export const futureSlackMs = 5 * 60_000;

/** A checked datetime read in the time zone given for it: refused in words when it lies more than a few minutes after now. */
export function checkNotFuture(field: IntakeField, value: string, timeZone: string, now: Date): FieldCheck {
  const instant = toUtc(value, timeZone);
  if (!instant || instant.getTime() <= now.getTime() + futureSlackMs) return { ok: true, value };
  const own = /(Z|[+-]\d{2}:\d{2})$/.exec(value)?.[1];
  const zone = own === undefined ? timeZone : own === 'Z' ? 'UTC' : own;
  return fail(
    `${field.label} is in the future (${formatInZone(instant, zone)}; it is now ${formatInZone(now, zone)}): check the date, the time and the time zone.`,
  );
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03-29" -> "29 March 2026". */
const spokenDate = (date: string) => `${Number(date.slice(8, 10))} ${monthNames[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/**
 * A checked datetime read on the clock of timeZone around a daylight-saving change. A time the clocks skipped never
 * happened: refused in words. A time they showed twice is taken as the earlier (the longer outage, the wider trace
 * window): accepted as typed, and `note` says which one was taken and how to type the other.
 */
export function checkWallClock(
  field: IntakeField,
  value: string,
  timeZone: string,
): { ok: true; value: string; note?: string } | { ok: false; message: string } {
  const read = readWallTime(value, timeZone);
  if (!read || read.kind === 'exact') return { ok: true, value };
  const [date, time] = [value.slice(0, 10), value.slice(11, 16)];
  if (read.kind === 'skipped') {
    return fail(
      `${field.label} is not a time the clock showed: ${time} did not happen in ${timeZone} on ${spokenDate(date)}: clocks went forward from ${read.from} to ${read.to}. Check the time and the time zone.`,
    );
  }
  return {
    ok: true,
    value,
    note: `${field.label} ${date} ${time} happened twice (clocks went back): taken as the first (UTC${offsetAt(read.earlier, timeZone)}); the second is ${date} ${time}${offsetAt(read.later, timeZone)}`,
  };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** "Z" stays "Z"; "+0100" and "+01:00" become "+01:00"; offsets outside -12:00..+14:00 give undefined. */
function normaliseOffset(offset: string): string | undefined {
  if (offset.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  const signed = m[1] === '-' ? -minutes : minutes;
  if (Number(m[3]) > 59 || signed < -12 * 60 || signed > 14 * 60) return undefined;
  return `${m[1]}${m[2]}:${m[3]}`;
}

function checkTimeZone(value: string, label: string): FieldCheck {
  if (/^utc$/i.test(value)) return { ok: true, value: 'UTC' };
  if (/^[+-]\d{2}:\d{2}$/.test(value)) {
    const offset = normaliseOffset(value);
    return offset ? { ok: true, value: offset } : fail(`${label} has an impossible UTC offset: ${quoted(value)}`);
  }
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) {
    try {
      return { ok: true, value: new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions().timeZone };
    } catch {
      // RangeError: not a time zone this runtime knows; reported below.
    }
  }
  return fail(`${label} is not a time zone (an IANA name like Europe/Berlin, UTC, or an offset like +01:00): ${quoted(value)}`);
}
