// The message trace time range from the intake: the start time in the reporter's time zone, to now, at most 10 days.

// Reading the intake's wall clock lives in the domain (the intake and the summary draft use it too).
export { toUtc } from '../incident/local-time';

const hour = 60 * 60 * 1000;
const maxSpan = 10 * 24 * hour;

/** From an hour before the reported start (clocks and queues drift) to now; clipped to the 10 days one query may cover. */
export function traceWindow(startedAt: Date | undefined, now: Date): { start: Date; end: Date; clipped: boolean } {
  const end = now;
  const wanted = startedAt && startedAt.getTime() < end.getTime() ? startedAt.getTime() - hour : end.getTime() - 2 * hour;
  const earliest = end.getTime() - maxSpan + 60_000;
  return { start: new Date(Math.max(wanted, earliest)), end, clipped: wanted < earliest };
}
