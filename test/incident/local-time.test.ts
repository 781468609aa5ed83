import { formatInZone, offsetAt, readWallTime, toUtc, wallClockIn } from '../../src/incident/local-time';
import { toUtc as traceToUtc } from '../../src/diagnostics/trace-window';

// The intake's wall clock, read and written in one zone (moved here from src/diagnostics/trace-window.ts).

describe('local time', () => {
  it('is the same toUtc the message trace uses', () => {
    expect(traceToUtc).toBe(toUtc);
    expect(toUtc('2026-11-24T08:30', 'Europe/Berlin')?.toISOString()).toBe('2026-11-24T07:30:00.000Z');
  });

  it("writes an instant on the reporter's clock: IANA (with daylight saving), offset, UTC; an unknown zone as UTC", () => {
    expect(formatInZone(new Date('2026-07-01T07:30:00Z'), 'Europe/Berlin')).toBe('2026-07-01 09:30 Europe/Berlin');
    expect(formatInZone(new Date('2026-11-24T07:30:00Z'), 'Europe/Berlin')).toBe('2026-11-24 08:30 Europe/Berlin');
    expect(formatInZone(new Date('2026-11-24T23:30:00Z'), '+01:00')).toBe('2026-11-25 00:30 UTC+01:00');
    expect(formatInZone(new Date('2026-11-24T07:30:00Z'), 'UTC')).toBe('2026-11-24 07:30 UTC');
    expect(wallClockIn(new Date('2026-11-24T07:30:00Z'), 'Mars/Olympus')).toEqual({ date: '2026-11-24', time: '07:30', zone: 'UTC' });
  });
});

describe('a wall clock around daylight-saving changes', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['2026-03-29T02:30', 'Europe/Berlin', { kind: 'skipped', from: '02:00', to: '03:00' }],
    ['2026-03-08T02:00', 'America/New_York', { kind: 'skipped', from: '02:00', to: '03:00' }],
    // Lord Howe moves its clocks by half an hour.
    ['2026-10-04T02:15', 'Australia/Lord_Howe', { kind: 'skipped', from: '02:00', to: '02:30' }],
    ['2026-10-25T02:30', 'Europe/Berlin', { kind: 'repeated', earlier: at('2026-10-25T00:30Z'), later: at('2026-10-25T01:30Z'), from: '03:00', to: '02:00' }],
    [
      '2026-11-01T01:00',
      'America/New_York',
      { kind: 'repeated', earlier: at('2026-11-01T05:00Z'), later: at('2026-11-01T06:00Z'), from: '02:00', to: '01:00' },
    ],
    ['2026-03-29T03:00', 'Europe/Berlin', { kind: 'exact', instant: at('2026-03-29T01:00Z') }],
    ['2026-10-25T03:00', 'Europe/Berlin', { kind: 'exact', instant: at('2026-10-25T02:00Z') }],
    ['2026-03-29T02:30+01:00', 'Europe/Berlin', { kind: 'exact', instant: at('2026-03-29T01:30Z') }],
  ])('%s in %s', (value, zone, expected) => {
    expect(readWallTime(value, zone)).toEqual(expected);
  });

  it('toUtc: a skipped time is no instant, a repeated one the earlier; offsetAt writes the offset in force', () => {
    expect(toUtc('2026-03-29T02:30', 'Europe/Berlin')).toBeUndefined();
    expect(toUtc('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(offsetAt(at('2026-10-25T00:30Z'), 'Europe/Berlin')).toBe('+02:00');
    expect(offsetAt(at('2026-10-25T01:30Z'), 'Europe/Berlin')).toBe('+01:00');
    expect(offsetAt(at('2026-07-01T12:00Z'), 'America/St_Johns')).toBe('-02:30');
  });
});
