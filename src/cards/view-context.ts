import type { Incident } from '../incident/types';
import type { Runbook } from '../runbook/schema';
import type { Clip } from './escape';

/** What every incident view is built from; `clip` cuts and escapes user text for TextBlocks. */
export interface ViewContext {
  incident: Incident;
  runbook: Runbook;
  now: Date;
  clip: Clip;
  /** 1 normally; smaller when the card must shrink to fit (texts are cut shorter, lists show fewer entries). */
  scale: number;
}

/** How many entries of a list to show at this scale: `nominal` at full size, never fewer than `least`. */
export function listLength(ctx: Pick<ViewContext, 'scale'>, nominal: number, least: number): number {
  return Math.max(least, Math.round(nominal * ctx.scale));
}
