// The numbers the server and the bot enforce on incoming traffic, in one place.

/** Largest request body accepted on /api/messages; larger ones get 413 before the adapter sees them. Teams activities are far smaller. */
export const maxBodyBytes = 256 * 1024;

/**
 * Commands (typed messages and card clicks) per person: `burst` at once, then `perMinute` on average.
 * A person working a runbook never gets near it; a script or a stuck client does. The burst covers a storm of
 * double-clicks on one card (every copy is answered with the card, not with "slow down").
 */
export const commandRate = { burst: 60, perMinute: 30 } as const;

/** Buckets kept before full (idle) ones are dropped, so memory stays bounded. */
export const trackedPeople = 10_000;
