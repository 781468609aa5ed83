import { randomUUID } from 'node:crypto';
import type { Request } from './request';

/** The activity's own id: what makes a redelivery repeat its key. An activity without one cannot repeat, so it gets a fresh key. */
export function activityKey(request: Request): string {
  return request.from.activityId || randomUUID();
}
