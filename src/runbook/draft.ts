import type { z } from 'zod';
import type { runbookSchema } from './schema';

// Runbook definitions as written (before zod fills defaults): what the importer builds and the YAML writer emits.

export type RunbookDraft = z.input<typeof runbookSchema>;
export type IntakeFieldDraft = RunbookDraft['intake'][number];
export type CommandDraft = NonNullable<RunbookDraft['commands']>[number];
export type FindingDraft = RunbookDraft['decisions'][number];
export type RemediationDraft = RunbookDraft['remediation'][number];
export type SeverityDraft = RunbookDraft['severity'];
export type ConditionDraft = SeverityDraft['levels'][number]['when'][number];
