// The message trace time range from the intake: the start time in the reporter's time zone, to now, at most 10 days.

const hour = 60 * 60 * 1000;
const maxSpan = 10 * 24 * hour;

/** UTC instant of a stored intake datetime ("2026-11-24T09:30", optionally with Z / ±hh:mm) read in timeZone (UTC, ±hh:mm or IANA). */
export function toUtc(localDateTime: string, timeZone = 'UTC'): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(localDateTime);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, own] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // Date.UTC rolls 30 February over into March and 24:00 into the next day: an impossible wall clock is no instant.
  if (new Date(wall).toISOString().slice(0, 16) !== `${y}-${mo}-${d}T${h}:${mi}`) return undefined;
  const zone = own ?? timeZone;
  if (zone === 'Z' || /^utc$/i.test(zone)) return new Date(wall);
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === '-' ? -1 : 1);
    // Real offsets run from -12:00 to +14:00 (the intake accepts no others either).
    if (Number(offset[3]) > 59 || minutes < -12 * 60 || minutes > 14 * 60) return undefined;
    return new Date(wall - minutes * 60_000);
  }
  try {
    // Two passes settle the offset around daylight-saving changes.
    let guess = wall - zoneOffsetMs(wall, zone);
    guess = wall - zoneOffsetMs(guess, zone);
    return new Date(guess);
  } catch {
    return undefined;
  }
}

/** From an hour before the reported start (clocks and queues drift) to now; clipped to the 10 days one query may cover. */
export function traceWindow(startedAt: Date | undefined, now: Date): { start: Date; end: Date; clipped: boolean } {
  const end = now;
  const wanted = startedAt && startedAt.getTime() < end.getTime() ? startedAt.getTime() - hour : end.getTime() - 2 * hour;
  const earliest = end.getTime() - maxSpan + 60_000;
  return { start: new Date(Math.max(wanted, earliest)), end, clipped: wanted < earliest };
}

/** Offset of an IANA zone from UTC at an instant, in milliseconds (east positive). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
