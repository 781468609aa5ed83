import { commandRate, trackedPeople } from './limits';

// A per-person command rate limit: a token bucket per Entra object id, on an injected clock. In memory, per instance.

/**
 * flood: names this run of refusals since the person's last allowed command (the person and when it began), so each
 * incident it touches audits it once, whatever the first refused request was.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; flood: string };

/** The narrow interface the handlers use; tests pass a limiter on a fake clock or one that always allows. */
export interface RateLimit {
  /** Takes one command from this person's allowance; refused with the wait in whole seconds when it is used up. */
  take(personId: string): RateDecision;
}

export interface RateLimitOptions {
  burst: number;
  perMinute: number;
  /** Buckets kept before full ones are dropped. */
  maxTracked?: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Refused since the last allowed command: when that run of refusals began. */
  refusedSince?: number;
}

export class RateLimiter implements RateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: RateLimitOptions = commandRate,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(options.burst >= 1) || !(options.perMinute > 0)) throw new RangeError('a rate limit needs burst >= 1 and perMinute > 0');
    this.perMs = options.perMinute / 60_000;
  }

  take(personId: string): RateDecision {
    const now = this.clock();
    const tokens = this.tokensAt(this.buckets.get(personId), now);
    if (tokens >= 1) {
      this.buckets.set(personId, { tokens: tokens - 1, at: now });
      this.prune(now);
      return { ok: true };
    }
    const refusedSince = this.buckets.get(personId)?.refusedSince ?? now;
    this.buckets.set(personId, { tokens, at: now, refusedSince });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)), flood: `${personId}@${refusedSince}` };
  }

  /** Tokens in a bucket at `now`: refilled since it was last touched (a clock that steps back refills nothing), capped at the burst. */
  private tokensAt(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.options.burst;
    return Math.min(this.options.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
  }

  /** Drops full buckets (they hold nothing a fresh one would not) once too many people are tracked; at most once a second. */
  private prune(now: number): void {
    if (this.buckets.size <= (this.options.maxTracked ?? trackedPeople) || Math.abs(now - this.prunedAt) < 1000) return;
    this.prunedAt = now;
    for (const [id, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) >= this.options.burst) this.buckets.delete(id);
    }
  }
}

/** The polite refusal, in words. */
export function slowDownWords(retryAfterSeconds: number): string {
  return `You are going fast: wait ${retryAfterSeconds} s, then try again. Nothing was changed.`;
}
