import type { Runbook } from '../../runbook/schema';
import type { Command, CommandType } from '../commands';
import type { Effect } from '../effects';
import type { FieldProblem, Rejection } from '../rejections';
import type { Incident } from '../types';

// The contract every command handler follows: a pure function to a change or a rejection.

export interface DecideEnv {
  now: Date;
  runbook: Runbook;
  /** Entra object ids allowed to decide approvals, resolved by the caller from configuration (and group). */
  approverIds: ReadonlySet<string>;
  /** Which live lookups this installation can run (src/diagnostics); absent: none, the runbook runs by hand. */
  diagnostics?: DiagnosticsAvailability;
}

/** graph: message trace and service health (an app registration is configured); dns: mail DNS checks are on. */
export interface DiagnosticsAvailability {
  graph: boolean;
  dns: boolean;
}

export interface Change {
  incident: Incident;
  effects: Effect[];
  /** Audit line: what was done, in words. */
  what: string;
  detail?: string;
}

export type HandlerResult = Change | { rejected: Rejection };

export type Handler<T extends CommandType> = (incident: Incident, command: Extract<Command, { type: T }>, env: DecideEnv, at: string) => HandlerResult;

export const reject = (rejection: Rejection): HandlerResult => ({ rejected: rejection });

/** A text limit check: undefined when fine, else a problem in words. */
/** An audit entry's detail: at most `max` characters (code points, never half an emoji), "…" when cut. */
export function auditDetail(text: string, max = 200): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function tooLong(label: string, value: string | undefined, max: number): FieldProblem | undefined {
  // Characters as a person counts them (code points): an emoji is one, not two UTF-16 units.
  const length = value === undefined ? 0 : [...value].length;
  if (value !== undefined && length > max) {
    return { message: `${label} is too long (${length} characters, at most ${max}).` };
  }
  return undefined;
}

/** Rejects empty or over-long free text. */
export function requireText(label: string, value: string | undefined, max: number): FieldProblem | undefined {
  if (!value || value.trim() === '') return { message: `${label} is empty.` };
  return tooLong(label, value, max);
}

export const limits = { note: 2000, reason: 500, output: 10000, evidence: 4000, summaryField: 1500, url: 2000 } as const;
