// A sliding-window request budget: Graph message trace allows 100 requests per 5 minutes per tenant.

export class RequestBudget {
  private readonly spent: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Spends n requests if they fit in the window; otherwise says when enough will be free again. */
  take(n = 1): { ok: true } | { ok: false; retryInSeconds: number } {
    const now = this.clock();
    while (this.spent.length > 0 && this.spent[0]! <= now - this.windowMs) this.spent.shift();
    if (this.spent.length + n <= this.limit) {
      for (let i = 0; i < n; i++) this.spent.push(now);
      return { ok: true };
    }
    const freedAt = this.spent[Math.min(this.spent.length - 1, this.spent.length + n - this.limit - 1)]! + this.windowMs;
    return { ok: false, retryInSeconds: Math.max(1, Math.ceil((freedAt - now) / 1000)) };
  }
}

/** Message trace: 100 requests per 5 minutes (platform-facts.md); this process's share is all of it. */
export const messageTraceBudget = () => new RequestBudget(100, 5 * 60_000);
