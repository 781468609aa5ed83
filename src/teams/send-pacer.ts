import type { Transport } from './transport';

// Keeps sends per conversation within Teams' per-bot limits (7 / 1 s, 8 / 2 s, 60 / 30 s, 1800 / hour) by waiting, not failing.

export const teamsConversationLimits: readonly { count: number; windowMs: number }[] = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1800, windowMs: 3_600_000 },
];

export class SendPacer {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limits = teamsConversationLimits,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Milliseconds to wait before the next send to this conversation may go out. */
  delayFor(conversationId: string): number {
    const times = this.sent.get(conversationId) ?? [];
    const now = this.now();
    let wait = 0;
    for (const { count, windowMs } of this.limits) {
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count] + windowMs - now);
    }
    return wait;
  }

  /** Waits for a free slot, then records the send. */
  async acquire(conversationId: string): Promise<void> {
    for (let wait = this.delayFor(conversationId); wait > 0; wait = this.delayFor(conversationId)) await this.sleep(wait);
    const horizon = this.now() - Math.max(...this.limits.map((l) => l.windowMs));
    const times = (this.sent.get(conversationId) ?? []).filter((t) => t > horizon);
    times.push(this.now());
    this.sent.set(conversationId, times);
  }
}

/** The transport with every outgoing call paced per conversation. */
export function pacedTransport(inner: Transport, pacer: SendPacer): Transport {
  const idOf = (ref: { conversation?: { id?: string } }) => ref.conversation?.id ?? inner.conversationId;
  return {
    ...inner,
    currentReference: () => inner.currentReference(),
    referenceTo: (id, kind) => inner.referenceTo(id, kind),
    reply: async (activity) => (await pacer.acquire(inner.conversationId), inner.reply(activity)),
    send: async (reference, activity) => (await pacer.acquire(idOf(reference)), inner.send(reference, activity)),
    update: async (posted, activity) => (await pacer.acquire(idOf(posted.reference)), inner.update(posted, activity)),
    postToChannel: async (channelId, activity) => (await pacer.acquire(channelId), inner.postToChannel(channelId, activity)),
  };
}
