// Wall-clock times as people type them (intake datetime plus time-zone field) and as the customer reads them. Pure.

/**
 * What a wall-clock time ("2026-11-24T09:30", optionally with Z / ±hh:mm) is in timeZone (UTC, ±hh:mm or IANA): one
 * instant; a time the clocks skipped (`skipped`, with the wall-clock times of the jump); or a time the clocks showed
 * twice (`repeated`, both instants, earlier first). Undefined for an impossible date, time or zone.
 */
export type WallTime =
  { kind: 'exact'; instant: Date } | { kind: 'skipped'; from: string; to: string } | { kind: 'repeated'; earlier: Date; later: Date; from: string; to: string };

export function readWallTime(localDateTime: string, timeZone = 'UTC'): WallTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(localDateTime);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, own] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // Date.UTC rolls 30 February over into March and 24:00 into the next day: an impossible wall clock is no instant.
  if (new Date(wall).toISOString().slice(0, 16) !== `${y}-${mo}-${d}T${h}:${mi}`) return undefined;
  const zone = own ?? timeZone;
  if (zone === 'Z' || /^utc$/i.test(zone)) return { kind: 'exact', instant: new Date(wall) };
  const offset = offsetMinutes(zone);
  if (offset !== undefined) return { kind: 'exact', instant: new Date(wall - offset * 60_000) };
  if (/^[+-]/.test(zone)) return undefined;
  try {
    // The zone's offsets half a day either side: the wall clock is an instant under each offset that the zone has then.
    const before = zoneOffsetMs(wall - halfDay, zone);
    const after = zoneOffsetMs(wall + halfDay, zone);
    const instants = [...new Set([wall - before, wall - after])].filter((t) => zoneOffsetMs(t, zone) === wall - t).sort((a, b) => a - b);
    if (instants.length === 1) return { kind: 'exact', instant: new Date(instants[0]) };
    // The change happens between the two readings; its wall-clock times, on the clock before and after it.
    const change = changeAt(Math.min(wall - before, wall - after), Math.max(wall - before, wall - after), zone);
    const from = hhmm(change + before);
    const to = hhmm(change + after);
    if (instants.length === 0) return { kind: 'skipped', from, to };
    return { kind: 'repeated', earlier: new Date(instants[0]), later: new Date(instants[1]), from, to };
  } catch {
    return undefined;
  }
}

/**
 * UTC instant of a stored intake datetime read in timeZone (see readWallTime). A time the clocks showed twice is the
 * earlier instant (intake says so when it is typed); a time they skipped is no instant.
 */
export function toUtc(localDateTime: string, timeZone = 'UTC'): Date | undefined {
  const read = readWallTime(localDateTime, timeZone);
  if (!read || read.kind === 'skipped') return undefined;
  return read.kind === 'exact' ? read.instant : read.earlier;
}

const halfDay = 12 * 3_600_000;
const hhmm = (wallAsUtc: number) => new Date(wallAsUtc).toISOString().slice(11, 16);

/** The first instant in (low, high] at which the zone's offset differs from its offset at low (a bisection). */
function changeAt(low: number, high: number, zone: string): number {
  const start = zoneOffsetMs(low, zone);
  let [lo, hi] = [low, high];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(mid, zone) === start) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "+02:00": an IANA zone's offset from UTC at the instant, to the minute. */
export function offsetAt(instant: Date, timeZone: string): string {
  const minutes = Math.round(zoneOffsetMs(instant.getTime(), timeZone) / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2026-11-24 08:30 Europe/Berlin": the instant on the wall clock of timeZone (UTC, ±hh:mm or IANA; unknown zones read as UTC). */
export function formatInZone(instant: Date, timeZone = 'UTC'): string {
  const { date, time, zone } = wallClockIn(instant, timeZone);
  return `${date} ${time} ${zone}`;
}

/** The instant's date ("2026-11-24") and time ("08:30") in timeZone, and the zone as written for people ("UTC+01:00"). */
export function wallClockIn(instant: Date, timeZone = 'UTC'): { date: string; time: string; zone: string } {
  const offset = offsetMinutes(timeZone);
  if (offset !== undefined) return split(wallClock(new Date(instant.getTime() + offset * 60_000), 'UTC'), `UTC${timeZone}`);
  if (/^(?:utc|z)$/i.test(timeZone)) return split(wallClock(instant, 'UTC'), 'UTC');
  try {
    return split(wallClock(instant, timeZone), timeZone);
  } catch {
    return split(wallClock(instant, 'UTC'), 'UTC');
  }
}

const split = (dateTime: string, zone: string) => ({ date: dateTime.slice(0, 10), time: dateTime.slice(11, 16), zone });

/** "+01:00" -> 60; undefined for anything that is not a real offset (-12:00..+14:00). */
function offsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const minutes = (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1);
  if (Number(m[3]) > 59 || minutes < -12 * 60 || minutes > 14 * 60) return undefined;
  return minutes;
}

/** "2026-11-24 08:30" on the wall clock of an IANA zone (throws RangeError for an unknown zone). */
function wallClock(instant: Date, timeZone: string): string {
  const p = parts(instant.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function parts(instant: number, timeZone: string) {
  const formatted = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(formatted.find((x) => x.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of an IANA zone from UTC at an instant, in milliseconds (east positive). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}
