import { formatInZone, toUtc, wallClockIn } from '../../src/incident/local-time';
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
