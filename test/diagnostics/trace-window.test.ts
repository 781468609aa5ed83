import fc from 'fast-check';
import { toUtc, traceWindow } from '../../src/diagnostics/trace-window';

// The message trace time range: the intake start time read in the reporter's zone, an hour of margin, at most 10 days.

const iso = (d: Date | undefined) => d?.toISOString();
const hour = 3_600_000;
const day = 24 * hour;

describe('toUtc', () => {
  it.each([
    ['2026-11-24T09:30', 'UTC', '2026-11-24T09:30:00.000Z'],
    ['2026-11-24T09:30', 'utc', '2026-11-24T09:30:00.000Z'],
    ['2026-11-24T09:30', undefined, '2026-11-24T09:30:00.000Z'],
    ['2026-11-24T09:30Z', 'Europe/Berlin', '2026-11-24T09:30:00.000Z'],
  ])('%s in %s is %s', (value, zone, expected) => {
    expect(iso(toUtc(value, zone))).toBe(expected);
  });

  it('takes an offset on the value over the zone given', () => {
    expect(iso(toUtc('2026-11-24T09:30+05:30', 'America/New_York'))).toBe('2026-11-24T04:00:00.000Z');
    expect(iso(toUtc('2026-11-24T09:30-03:30', 'Asia/Kolkata'))).toBe('2026-11-24T13:00:00.000Z');
    expect(iso(toUtc('2026-11-24T00:15+01:00'))).toBe('2026-11-23T23:15:00.000Z');
  });

  it('reads a ±hh:mm zone', () => {
    expect(iso(toUtc('2026-11-24T09:30', '+01:00'))).toBe('2026-11-24T08:30:00.000Z');
    expect(iso(toUtc('2026-11-24T09:30', '-03:30'))).toBe('2026-11-24T13:00:00.000Z');
    expect(iso(toUtc('2026-11-24T09:30', '+00:00'))).toBe('2026-11-24T09:30:00.000Z');
  });

  it('reads Europe/Berlin as CET in winter and CEST in summer', () => {
    expect(iso(toUtc('2026-01-15T10:00', 'Europe/Berlin'))).toBe('2026-01-15T09:00:00.000Z');
    expect(iso(toUtc('2026-07-15T10:00', 'Europe/Berlin'))).toBe('2026-07-15T08:00:00.000Z');
  });

  it('reads Europe/Berlin on both sides of its changes (29 March and 25 October 2026)', () => {
    expect(iso(toUtc('2026-03-29T01:30', 'Europe/Berlin'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(toUtc('2026-03-29T03:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(toUtc('2026-10-25T01:30', 'Europe/Berlin'))).toBe('2026-10-24T23:30:00.000Z');
    expect(iso(toUtc('2026-10-25T03:30', 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000Z');
  });

  it('reads America/New_York around the spring change (8 March 2026, 02:00 EST -> 03:00 EDT)', () => {
    expect(iso(toUtc('2026-03-08T01:30', 'America/New_York'))).toBe('2026-03-08T06:30:00.000Z');
    expect(iso(toUtc('2026-03-08T03:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(toUtc('2026-03-09T09:00', 'America/New_York'))).toBe('2026-03-09T13:00:00.000Z');
    // 02:30 does not exist that night: it is no instant (intake refuses it in words), never an hour moved.
    expect(toUtc('2026-03-08T02:30', 'America/New_York')).toBeUndefined();
  });

  it('reads America/New_York around the autumn change (1 November 2026, 02:00 EDT -> 01:00 EST)', () => {
    expect(iso(toUtc('2026-11-01T00:30', 'America/New_York'))).toBe('2026-11-01T04:30:00.000Z');
    expect(iso(toUtc('2026-11-01T03:00', 'America/New_York'))).toBe('2026-11-01T08:00:00.000Z');
    expect(iso(toUtc('2026-11-24T09:30', 'America/New_York'))).toBe('2026-11-24T14:30:00.000Z');
    // 01:30 happens twice: the first (EDT) is taken, as intake says when it is typed.
    expect(iso(toUtc('2026-11-01T01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads Asia/Kolkata at +05:30 all year', () => {
    expect(iso(toUtc('2026-11-24T09:30', 'Asia/Kolkata'))).toBe('2026-11-24T04:00:00.000Z');
    expect(iso(toUtc('2026-07-01T00:10', 'Asia/Kolkata'))).toBe('2026-06-30T18:40:00.000Z');
  });

  it.each([
    ['yesterday', 'UTC'],
    ['', 'UTC'],
    ['2026-11-24 09:30', 'UTC'],
    ['2026-11-24T09:30:00', 'UTC'],
    ['2026-11-24T9:30', 'UTC'],
    ['2026-11-24T09:30+0100', 'UTC'],
    ['2026-02-30T10:00', 'UTC'],
    ['2026-13-01T10:00', 'UTC'],
    ['2026-11-24T24:00', 'UTC'],
    ['2026-11-24T09:60', 'UTC'],
    ['2026-11-24T09:30+25:00', 'UTC'],
    ['2026-11-24T09:30', '+01:75'],
    ['2026-11-24T09:30', 'Mars/Olympus'],
    ['2026-11-24T09:30', 'CET; drop table'],
  ])('%j in %j is undefined', (value, zone) => {
    expect(toUtc(value, zone)).toBeUndefined();
  });

  it('agrees with Intl for every wall-clock minute that exists once (property)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2026-01-01T00:00Z') / 60_000, max: Date.parse('2027-12-31T00:00Z') / 60_000 }),
        (zone, minute) => {
          const instant = new Date(minute * 60_000);
          const wall = wallClock(instant, zone);
          const back = toUtc(wall, zone);
          // Ambiguous wall times (the repeated hour) may map to the other instant; it must still show the same wall clock.
          return back !== undefined && wallClock(back, zone) === wall;
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** "YYYY-MM-DDTHH:MM" of an instant in a zone, as Intl sees it. */
function wallClock(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

describe('traceWindow', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');

  it('starts an hour before the reported start and ends now', () => {
    expect(traceWindow(new Date('2026-11-24T08:30:00Z'), now)).toEqual({ start: new Date('2026-11-24T07:30:00Z'), end: now, clipped: false });
  });

  it('keeps the margin for a start a minute ago', () => {
    expect(traceWindow(new Date(now.getTime() - 60_000), now).start).toEqual(new Date(now.getTime() - hour - 60_000));
  });

  it('searches the last two hours when the start is in the future, now, or unknown', () => {
    const lastTwo = { start: new Date('2026-11-24T10:00:00Z'), end: now, clipped: false };
    expect(traceWindow(new Date('2026-11-24T13:00:00Z'), now)).toEqual(lastTwo);
    expect(traceWindow(now, now)).toEqual(lastTwo);
    expect(traceWindow(undefined, now)).toEqual(lastTwo);
  });

  it('clips a start more than 10 days back to what one query may cover, and says so', () => {
    const w = traceWindow(new Date('2026-11-01T08:00:00Z'), now);
    expect(w.clipped).toBe(true);
    expect(w.end).toEqual(now);
    expect(w.end.getTime() - w.start.getTime()).toBeLessThanOrEqual(10 * day);
    expect(w.end.getTime() - w.start.getTime()).toBeGreaterThan(10 * day - 5 * 60_000);
  });

  it('clips a start exactly 10 days back (the margin would pass the limit) but not 9 days back', () => {
    expect(traceWindow(new Date(now.getTime() - 10 * day), now).clipped).toBe(true);
    const nine = traceWindow(new Date(now.getTime() - 9 * day), now);
    expect(nine).toEqual({ start: new Date(now.getTime() - 9 * day - hour), end: now, clipped: false });
  });

  it('never spans more than 10 days nor ends before it starts (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: -400 * day, max: 30 * day }), { nil: undefined }), (offset) => {
        const w = traceWindow(offset === undefined ? undefined : new Date(now.getTime() + offset), now);
        const span = w.end.getTime() - w.start.getTime();
        return w.end.getTime() === now.getTime() && span > 0 && span <= 10 * day && w.clipped === (offset !== undefined && offset - hour < -10 * day + 60_000);
      }),
    );
  });
});
