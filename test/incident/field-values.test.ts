import { checkFieldValue, checkWallClock } from '../../src/incident/field-values';
import type { FieldType, IntakeField } from '../../src/runbook/schema';

function field(type: FieldType, label = 'Value', extra: Partial<IntakeField> = {}): IntakeField {
  return { id: 'value', label, type, required: true, stage: 'intake', ...extra };
}

const ok = (value: string) => ({ ok: true, value });

describe('checkFieldValue: common rules', () => {
  it('trims the input', () => {
    expect(checkFieldValue(field('text'), '  hello  ')).toEqual(ok('hello'));
  });

  it.each(['', '   ', '\n\t'])('reports an empty value %j as "<label> is empty."', (raw) => {
    expect(checkFieldValue(field('email', 'Sender address'), raw)).toEqual({ ok: false, message: 'Sender address is empty.' });
  });

  it('quotes at most 60 characters of a bad value', () => {
    const result = checkFieldValue(field('email', 'Sender address'), 'x'.repeat(100));
    expect(result).toEqual({ ok: false, message: `Sender address is not an email address: "${'x'.repeat(59)}…"` });
  });
});

describe('email', () => {
  const sender = field('email', 'Sender address');
  it.each(['bob@contoso.com', "o'brien@contoso.co.uk", 'first.last+tag@mail.fabrikam.com', 'a_b-c@x-y.io'])('accepts %s', (raw) => {
    expect(checkFieldValue(sender, raw)).toEqual(ok(raw));
  });

  it('names the field and quotes the value', () => {
    expect(checkFieldValue(sender, 'bob@')).toEqual({ ok: false, message: 'Sender address is not an email address: "bob@"' });
  });

  it.each([
    'bob',
    '@contoso.com',
    'bob@contoso',
    'bob smith@contoso.com',
    '"bob"@contoso.com',
    'Bob <bob@contoso.com>',
    '<bob@contoso.com>',
    'bob@@contoso.com',
    'bob..x@contoso.com',
    '.bob@contoso.com',
    'bob@-contoso.com',
    'bob@contoso.123',
    'bob@10.0.0.1',
    `${'a'.repeat(65)}@contoso.com`,
    `bob@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
    `bob@${'a'.repeat(64)}.com`,
  ])('rejects %j', (raw) => {
    const result = checkFieldValue(sender, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Sender address is not an email address: "/);
  });

  it('rejects a list of addresses with its own message', () => {
    expect(checkFieldValue(sender, 'a@contoso.com; b@contoso.com')).toEqual({
      ok: false,
      message: 'Sender address must be one email address, not a list: "a@contoso.com; b@contoso.com"',
    });
  });
});

describe('datetime', () => {
  const started = field('datetime', 'When it started');
  it.each([
    ['2026-11-24T09:30', '2026-11-24T09:30'],
    ['2026-11-24 09:30', '2026-11-24T09:30'],
    ['2026-11-24T09:30:15', '2026-11-24T09:30'],
    ['2026-11-24T09:30:15.123Z', '2026-11-24T09:30Z'],
    ['2026-11-24t09:30z', '2026-11-24T09:30Z'],
    ['2026-11-24T09:30+01:00', '2026-11-24T09:30+01:00'],
    ['2026-11-24T09:30:00-0530', '2026-11-24T09:30-05:30'],
    ['2028-02-29T00:00', '2028-02-29T00:00'],
    ['2000-02-29T23:59', '2000-02-29T23:59'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkFieldValue(started, raw)).toEqual(ok(value));
  });

  it.each([
    ['2026-02-29T10:00', 'is not a real date'],
    ['1900-02-29T10:00', 'is not a real date'],
    ['2026-13-01T10:00', 'is not a real date'],
    ['2026-04-31T10:00', 'is not a real date'],
    ['2026-11-00T10:00', 'is not a real date'],
    ['2026-11-24T24:00', 'is not a real time of day'],
    ['2026-11-24T09:60', 'is not a real time of day'],
    ['2026-11-24T09:30:61', 'is not a real time of day'],
    ['2026-11-24T09:30+15:00', 'has an impossible UTC offset'],
    ['2026-11-24T09:30+01:75', 'has an impossible UTC offset'],
    ['24/11/2026 09:30', 'is not a date and time like 2026-11-24T09:30'],
    ['2026-11-24', 'is not a date and time like 2026-11-24T09:30'],
    ['yesterday at 9', 'is not a date and time like 2026-11-24T09:30'],
    ['2026-11-24T9:30', 'is not a date and time like 2026-11-24T09:30'],
  ])('rejects %s: %s', (raw, reason) => {
    expect(checkFieldValue(started, raw)).toEqual({ ok: false, message: `When it started ${reason}: "${raw}"` });
  });
});

describe('timezone', () => {
  const tz = field('timezone', 'Time zone');
  it.each([
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['+01:00', '+01:00'],
    ['-05:30', '-05:30'],
    ['+14:00', '+14:00'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkFieldValue(tz, raw)).toEqual(ok(value));
  });

  it.each(['Mars/Olympus', 'Europe/Berlin; rm', '+1', '+15:00', '-13:00', 'UTC+25', 'Europe Berlin'])('rejects %s', (raw) => {
    const result = checkFieldValue(tz, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`Time zone `);
    if (!result.ok) expect(result.message).toContain(`"${raw}"`);
  });
});

describe('text and multiline', () => {
  const subject = field('text', 'Subject');
  it('accepts a single line of up to 500 characters, counted in code points', () => {
    expect(checkFieldValue(subject, 'é'.repeat(500))).toEqual(ok('é'.repeat(500)));
    expect(checkFieldValue(subject, '😀'.repeat(500))).toEqual(ok('😀'.repeat(500)));
  });

  it('rejects 501 characters', () => {
    const result = checkFieldValue(subject, 'a'.repeat(501));
    expect(result).toEqual({ ok: false, message: `Subject is too long: 501 characters, at most 500: "${'a'.repeat(59)}…"` });
  });

  it('rejects line breaks and shows them in the quoted value', () => {
    expect(checkFieldValue(subject, 'line one\nline two')).toEqual({ ok: false, message: 'Subject must be a single line: "line one\uFFFDline two"' });
    expect(checkFieldValue(subject, 'a\u2028b').ok).toBe(false);
  });

  it.each(['a\u0000b', 'a\tb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u202eb'])('rejects control character in %j', (raw) => {
    const result = checkFieldValue(subject, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Subject contains control characters: "/);
  });

  const details = field('multiline', 'Details');
  it('multiline keeps line breaks and tabs, normalising CRLF to LF', () => {
    expect(checkFieldValue(details, 'one\r\n\ttwo\rthree')).toEqual(ok('one\n\ttwo\nthree'));
  });

  it('multiline allows 4000 characters, not 4001, and no other controls', () => {
    expect(checkFieldValue(details, 'a'.repeat(4000)).ok).toBe(true);
    expect(checkFieldValue(details, 'a'.repeat(4001)).ok).toBe(false);
    expect(checkFieldValue(details, 'a\u0007b')).toEqual({ ok: false, message: 'Details contains control characters: "a\uFFFDb"' });
  });
});

describe('ndr', () => {
  const ndr = field('ndr', 'NDR or exact error text');
  it('takes any text up to 4000 characters', () => {
    const text = "Remote Server returned '550 5.7.23 SPF'\r\n\t<x@y> \u0007";
    expect(checkFieldValue(ndr, text)).toEqual(ok("Remote Server returned '550 5.7.23 SPF'\n\t<x@y> \u0007"));
    expect(checkFieldValue(ndr, 'x'.repeat(4001)).ok).toBe(false);
  });
});

describe('message-id', () => {
  const mid = field('message-id', 'Message ID');
  it.each([
    ['<abc123@contoso.com>', '<abc123@contoso.com>'],
    ['abc123@contoso.com', '<abc123@contoso.com>'],
    ['<CAKx=ab+c/d$e.f@mail.gmail.com>', '<CAKx=ab+c/d$e.f@mail.gmail.com>'],
    ['<BY5PR01MB1234.namprd01@BY5PR01MB1234.prod.exchangelabs.com>', '<BY5PR01MB1234.namprd01@BY5PR01MB1234.prod.exchangelabs.com>'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkFieldValue(mid, raw)).toEqual(ok(value));
  });

  it.each(['abc', '<abc>', '<abc @contoso.com>', '<abc@contoso.com', 'abc@contoso.com>', '<a@b@c>', '<<a@b>>', '<"a"@b>', '<ä@b.com>'])('rejects %s', (raw) => {
    expect(checkFieldValue(mid, raw)).toEqual({
      ok: false,
      message: `Message ID is not a message id like <abc123@contoso.com>: "${raw}"`,
    });
  });
});

describe('guid', () => {
  const g = field('guid', 'Message trace id');
  it.each([
    ['0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'],
    ['{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'],
  ])('accepts %s as lower case %s', (raw, value) => {
    expect(checkFieldValue(g, raw)).toEqual(ok(value));
  });

  it.each([
    '0f1e2d3c4b5a697887 96a5b4c3d2e1f0',
    '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f',
    'gf1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    '{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  ])('rejects %s', (raw) => {
    const result = checkFieldValue(g, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`Message trace id is not a GUID`);
  });
});

describe('domain', () => {
  const d = field('domain', 'Domain');
  it.each([
    ['contoso.com', 'contoso.com'],
    ['Mail.Contoso.CO.UK.', 'mail.contoso.co.uk'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkFieldValue(d, raw)).toEqual(ok(value));
  });

  it.each(['contoso', 'contoso..com', '-contoso.com', 'contoso-.com', 'con_toso.com', '10.0.0.1', 'https://contoso.com', 'bob@contoso.com'])(
    'rejects %s',
    (raw) => {
      expect(checkFieldValue(d, raw)).toEqual({ ok: false, message: `Domain is not a domain name like contoso.com: "${raw}"` });
    },
  );

  it('rejects a label of 64 characters and a name over 253', () => {
    expect(checkFieldValue(d, `${'a'.repeat(64)}.com`).ok).toBe(false);
    expect(checkFieldValue(d, `${'a'.repeat(63)}.com`).ok).toBe(true);
    expect(checkFieldValue(d, `${'a.'.repeat(127)}com`).ok).toBe(false);
  });
});

describe('choice', () => {
  const scope = field('choice', 'Affected scope', {
    choices: [
      { value: 'single-user', title: 'One user or mailbox' },
      { value: 'tenant', title: 'Tenant-wide (all mail flow)' },
    ],
  });
  it('accepts a choice value, case-insensitively, and returns the value as defined', () => {
    expect(checkFieldValue(scope, 'tenant')).toEqual(ok('tenant'));
    expect(checkFieldValue(scope, 'Single-User')).toEqual(ok('single-user'));
  });

  it('lists the titles when the value is not a choice', () => {
    expect(checkFieldValue(scope, 'everyone')).toEqual({
      ok: false,
      message: 'Affected scope must be one of One user or mailbox, Tenant-wide (all mail flow): "everyone" is not.',
    });
  });

  it('does not accept a title as a value', () => {
    expect(checkFieldValue(scope, 'One user or mailbox').ok).toBe(false);
  });
});

describe('yes-no', () => {
  const yn = field('yes-no', 'Is regulated data blocked?');
  it.each([
    ['yes', 'yes'],
    ['YES', 'yes'],
    ['true', 'yes'],
    ['no', 'no'],
    ['False', 'no'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkFieldValue(yn, raw)).toEqual(ok(value));
  });

  it('rejects anything else', () => {
    expect(checkFieldValue(yn, 'maybe')).toEqual({ ok: false, message: 'Is regulated data blocked? must be yes or no: "maybe"' });
    expect(checkFieldValue(yn, 'y').ok).toBe(false);
  });
});

describe('url', () => {
  const site = field('url', 'Site URL');
  it.each(['https://contoso.sharepoint.com/sites/sales', 'http://intranet.contoso.local/a?b=c#d', "https://contoso.sharepoint.com/sites/a'b"])(
    'accepts %s as typed',
    (raw) => {
      expect(checkFieldValue(site, raw)).toEqual({ ok: true, value: raw });
    },
  );
  it.each([
    'contoso.sharepoint.com/sites/sales',
    'ftp://contoso.com/x',
    'https://user:pw@contoso.com/',
    'https://contoso.com/a b',
    'javascript:alert(1)',
    'https://',
  ])('refuses %j with the field named and an example', (raw) => {
    expect(checkFieldValue(site, raw)).toEqual({
      ok: false,
      message: `Site URL is not a web address like https://contoso.sharepoint.com/sites/sales: "${raw}"`,
    });
  });
});

describe('checkWallClock: a time read on the clock of its zone', () => {
  const started = field('datetime', 'When it started');
  it('refuses a time the clocks skipped, naming the field, the zone, the day and the jump', () => {
    expect(checkWallClock(started, '2026-03-29T02:30', 'Europe/Berlin')).toEqual({
      ok: false,
      message:
        'When it started is not a time the clock showed: 02:30 did not happen in Europe/Berlin on 29 March 2026: clocks went forward from 02:00 to 03:00. Check the time and the time zone.',
    });
  });

  it('takes a time the clocks showed twice as typed, with a note of which one was taken', () => {
    expect(checkWallClock(started, '2026-11-01T01:30', 'America/New_York')).toEqual({
      ok: true,
      value: '2026-11-01T01:30',
      note: 'When it started 2026-11-01 01:30 happened twice (clocks went back): taken as the first (UTC-04:00); the second is 2026-11-01 01:30-05:00',
    });
  });

  it.each([
    ['2026-03-29T02:30+01:00', 'Europe/Berlin'],
    ['2026-03-29T02:30', 'UTC'],
    ['2026-03-29T02:30', '+01:00'],
    ['2026-11-24T08:30', 'Europe/Berlin'],
  ])('%s in %s is one instant: accepted, no note', (value, zone) => {
    expect(checkWallClock(started, value, zone)).toEqual({ ok: true, value });
  });
});
