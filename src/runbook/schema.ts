import { z } from 'zod';
import { templateProblems } from './template-quoting';

// Runbook definitions: the zod schema every runbook file is parsed with, and the types derived from it.

const id = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must start with a lower-case letter and use letters, digits and dashes');
const text = z.string().trim().min(1, 'must not be empty');
/** Objects reject unknown keys: a misspelt optional key (`escalte: true`) must fail loudly, not vanish. */
const object = z.strictObject;

/** Field types: each has a validator in src/incident/field-values.ts and an input on the intake card. */
export const fieldTypes = ['email', 'datetime', 'timezone', 'text', 'multiline', 'message-id', 'ndr', 'guid', 'domain', 'choice', 'yes-no', 'url'] as const;
export type FieldType = (typeof fieldTypes)[number];

export const choiceSchema = object({ value: id, title: text });

export const intakeFieldSchema = z
  .strictObject({
    id,
    label: text,
    type: z.enum(fieldTypes),
    required: z.boolean().default(false),
    help: text.optional(),
    /** When the value is usually known: at intake, or later from a command result (e.g. a trace id). */
    stage: z.enum(['intake', 'triage']).default('intake'),
    choices: z.array(choiceSchema).min(2).optional(),
    default: z.string().optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'choice' && !field.choices) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice field needs at least two choices' });
    }
    if (field.type !== 'choice' && field.choices) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'only a choice field takes choices' });
    }
  });

/** A condition on intake answers: the field's value equals one of `in`. */
export const conditionSchema = object({ field: id, in: z.array(z.string().min(1)).min(1) });

export const severityLevelSchema = object({
  id,
  label: text,
  criteria: text,
  /** The level applies when any condition holds. */
  when: z.array(conditionSchema).min(1),
  /** Reaching this level escalates at once (posts to the leads' channel). */
  escalate: z.boolean().default(false),
});

export const severityGuideSchema = object({
  /** Highest first: the first level whose condition holds is the incident's severity. */
  levels: z.array(severityLevelSchema).min(1),
  /** Used when no level applies. */
  fallback: object({ id, label: text, criteria: text }),
});

export const listItemSchema = object({ id, text });

export const principleSchema = object({
  id,
  text,
  /** A principle the engine enforces as a guard. */
  guard: z.enum(['evidence-before-intrusive', 'validate-same-path']).optional(),
});

export const commandStarterSchema = object({
  id,
  title: text,
  /** PowerShell with `<name>` placeholders. */
  template: text,
  /** Placeholder name -> intake field id. Every placeholder in the template must be bound. */
  bind: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/), id).default({}),
  /** The runbook used a retired cmdlet: its original text and why (rewritten: the template above is the working command). */
  retired: object({ original: text, notes: z.array(text).min(1), rewritten: z.boolean() }).optional(),
});

export const findingSchema = object({
  id,
  finding: text,
  next: text,
  /** The branch this finding opens: investigation steps and the remediation actions it points at. */
  branch: object({
    steps: z.array(listItemSchema).min(1),
    actions: z.array(id).default([]),
  }),
  /** This finding asks for NDR code or text and points at the remediation that matches its category. */
  ndr: z.boolean().default(false),
});

export const remediationActionSchema = object({
  id,
  text,
  intrusive: z.boolean(),
  approval: z.discriminatedUnion('required', [
    /** approver: the role the runbook names ("the owner"), shown on the approval card; approvers are still configured. */
    object({ required: z.literal(true), reason: text, approver: text.optional() }),
    object({ required: z.literal(false) }),
  ]),
  /** NDR categories (recipient, dns, connector, policy, reputation, quota, other) this action fixes. */
  ndrCategories: z.array(z.enum(['recipient', 'dns', 'connector', 'policy', 'reputation', 'quota', 'other'])).default([]),
});

export const summaryFieldSchema = object({ id, label: text, hint: text });

/** Message trace delivery statuses (Get-MessageTraceV2 and Graph exchangeMessageTrace). */
export const traceStatuses = ['Delivered', 'Expanded', 'Failed', 'FilteredAsSpam', 'GettingStatus', 'None', 'Pending', 'Quarantined'] as const;

/** Live lookups the bot runs when they are configured (src/diagnostics); values come from the named intake fields. */
export const diagnosticsSchema = object({
  /** Microsoft 365 service health to show on the triage card, by Graph service name (e.g. "Exchange Online"). */
  serviceHealth: object({ service: text }).optional(),
  /** Message trace sender -> recipient from the start time until now. */
  messageTrace: object({
    sender: id,
    recipient: id,
    startedAt: id,
    timeZone: id.optional(),
    /** Delivery status (one of traceStatuses) -> the finding it suggests. */
    findings: z.record(z.string(), id).default({}),
  }).optional(),
  /** MX, SPF, DKIM and DMARC of the domains of these email fields. */
  mailDns: object({ fields: z.array(id).min(1, 'name at least one email field whose domain is checked') }).optional(),
  /** The evidence-list item the lookup results cover. */
  evidence: id.optional(),
});

/** A section the series does not define (Rollback, Escalation contacts), shown on the card of its phase. */
export const extraSectionSchema = object({
  id,
  title: text,
  phase: z.enum(['intake', 'triage', 'decision', 'remediation', 'validation', 'evidence', 'summary']),
  /** Prose lines, and `{ code }` for command text kept as written. */
  lines: z.array(z.union([text, object({ code: text })])).min(1),
});

export const referenceSchema = object({ title: text, url: z.url().optional() });

export const runbookSchema = z
  .strictObject({
    id,
    title: text,
    series: object({ name: text, number: z.number().int().min(1).max(999) }),
    revised: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    audience: z.array(text).min(1),
    objective: text,
    operatorNote: z.array(text).min(1),
    principles: z.array(principleSchema).default([]),
    severity: severityGuideSchema,
    symptoms: z.array(text).min(1),
    intake: z.array(intakeFieldSchema).min(1),
    firstFifteen: z.array(listItemSchema).min(1),
    commandNote: text.optional(),
    commands: z.array(commandStarterSchema).default([]),
    decisions: z.array(findingSchema).min(1),
    remediation: z.array(remediationActionSchema).min(1),
    validation: z.array(listItemSchema).min(1),
    evidence: z.array(listItemSchema).min(1),
    summary: z.array(summaryFieldSchema).min(1),
    references: z.array(referenceSchema).default([]),
    sections: z.array(extraSectionSchema).default([]),
    diagnostics: diagnosticsSchema.optional(),
  })
  .superRefine(checkCrossReferences);

export type Runbook = z.infer<typeof runbookSchema>;
export type IntakeField = z.infer<typeof intakeFieldSchema>;
export type SeverityLevel = z.infer<typeof severityLevelSchema>;
export type CommandStarter = z.infer<typeof commandStarterSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type RemediationAction = z.infer<typeof remediationActionSchema>;
export type ListItem = z.infer<typeof listItemSchema>;
export type SummaryField = z.infer<typeof summaryFieldSchema>;
export type DiagnosticsSpec = z.infer<typeof diagnosticsSchema>;
export type ExtraSection = z.infer<typeof extraSectionSchema>;
export type NdrCategory = RemediationAction['ndrCategories'][number];

type RunbookShape = Omit<Runbook, never>;

/** Ids unique per list, placeholders bound to existing fields, conditions and branches pointing at what exists. */
function checkCrossReferences(rb: RunbookShape, ctx: z.RefinementCtx): void {
  const unique = (items: { id: string }[], ...path: (string | number)[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
  };
  unique(rb.principles, 'principles');
  unique(rb.intake, 'intake');
  unique(rb.firstFifteen, 'firstFifteen');
  unique(rb.commands, 'commands');
  unique(rb.decisions, 'decisions');
  rb.decisions.forEach((d, i) => unique(d.branch.steps, 'decisions', i, 'branch', 'steps'));
  unique(rb.remediation, 'remediation');
  unique(rb.validation, 'validation');
  unique(rb.evidence, 'evidence');
  unique(rb.summary, 'summary');
  unique(rb.severity.levels, 'severity', 'levels');
  if (rb.severity.levels.some((l) => l.id === rb.severity.fallback.id)) {
    ctx.addIssue({ code: 'custom', path: ['severity', 'fallback', 'id'], message: `duplicate id "${rb.severity.fallback.id}" (also a level)` });
  }

  const fields = new Map(rb.intake.map((f) => [f.id, f]));
  const actions = new Set(rb.remediation.map((a) => a.id));
  unique(rb.sections, 'sections');
  rb.commands.forEach((cmd, i) => {
    for (const problem of [cmd.template, ...(cmd.retired ? [cmd.retired.original] : [])].flatMap(templateProblems)) {
      ctx.addIssue({ code: 'custom', path: ['commands', i, 'template'], message: `cannot be filled in safely: ${problem}` });
    }
    for (const name of placeholdersIn(cmd.template)) {
      if (!cmd.bind[name]) {
        ctx.addIssue({ code: 'custom', path: ['commands', i, 'bind'], message: `placeholder <${name}> is not bound to an intake field` });
      }
    }
    for (const [name, fieldId] of Object.entries(cmd.bind)) {
      if (!fields.has(fieldId)) {
        ctx.addIssue({ code: 'custom', path: ['commands', i, 'bind', name], message: `unknown intake field "${fieldId}"` });
      }
    }
  });
  rb.severity.levels.forEach((level, i) =>
    level.when.forEach((cond, j) => {
      const field = fields.get(cond.field);
      if (!field) {
        ctx.addIssue({ code: 'custom', path: ['severity', 'levels', i, 'when', j, 'field'], message: `unknown intake field "${cond.field}"` });
      } else if (field.type === 'choice') {
        const values = new Set(field.choices?.map((c) => c.value));
        cond.in.forEach((v, k) => {
          if (!values.has(v)) {
            ctx.addIssue({ code: 'custom', path: ['severity', 'levels', i, 'when', j, 'in', k], message: `"${v}" is not a choice of "${cond.field}"` });
          }
        });
      } else if (field.type === 'yes-no') {
        cond.in.forEach((v, k) => {
          if (v !== 'yes' && v !== 'no') {
            ctx.addIssue({
              code: 'custom',
              path: ['severity', 'levels', i, 'when', j, 'in', k],
              message: `"${v}" is not "yes" or "no" (field "${cond.field}")`,
            });
          }
        });
      }
    }),
  );
  checkDiagnostics(rb, ctx);
  rb.decisions.forEach((d, i) =>
    d.branch.actions.forEach((a, j) => {
      if (!actions.has(a)) {
        ctx.addIssue({ code: 'custom', path: ['decisions', i, 'branch', 'actions', j], message: `unknown remediation action "${a}"` });
      }
    }),
  );
}

/** The diagnostics section names intake fields of the right types, findings and an evidence item that exist. */
function checkDiagnostics(rb: RunbookShape, ctx: z.RefinementCtx): void {
  const spec = rb.diagnostics;
  if (!spec) return;
  const fields = new Map(rb.intake.map((f) => [f.id, f]));
  const needField = (fieldId: string | undefined, types: string[], ...path: (string | number)[]) => {
    if (fieldId === undefined) return;
    const field = fields.get(fieldId);
    if (!field) ctx.addIssue({ code: 'custom', path: ['diagnostics', ...path], message: `unknown intake field "${fieldId}"` });
    else if (!types.includes(field.type)) {
      ctx.addIssue({ code: 'custom', path: ['diagnostics', ...path], message: `intake field "${fieldId}" is ${field.type}, expected ${types.join(' or ')}` });
    }
  };
  const trace = spec.messageTrace;
  if (trace) {
    needField(trace.sender, ['email'], 'messageTrace', 'sender');
    needField(trace.recipient, ['email'], 'messageTrace', 'recipient');
    needField(trace.startedAt, ['datetime'], 'messageTrace', 'startedAt');
    needField(trace.timeZone, ['timezone'], 'messageTrace', 'timeZone');
    const findings = new Set(rb.decisions.map((d) => d.id));
    for (const [status, findingId] of Object.entries(trace.findings)) {
      if (!(traceStatuses as readonly string[]).includes(status)) {
        ctx.addIssue({
          code: 'custom',
          path: ['diagnostics', 'messageTrace', 'findings', status],
          message: `"${status}" is not a delivery status (${traceStatuses.join(', ')})`,
        });
      }
      if (!findings.has(findingId))
        ctx.addIssue({ code: 'custom', path: ['diagnostics', 'messageTrace', 'findings', status], message: `unknown finding "${findingId}"` });
    }
  }
  spec.mailDns?.fields.forEach((f, i) => needField(f, ['email'], 'mailDns', 'fields', i));
  if (spec.evidence && !rb.evidence.some((e) => e.id === spec.evidence)) {
    ctx.addIssue({ code: 'custom', path: ['diagnostics', 'evidence'], message: `unknown evidence item "${spec.evidence}"` });
  }
}

/** Placeholder names in a command template, in order of first appearance: `<sender>` -> "sender". */
export function placeholdersIn(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/<([A-Za-z][A-Za-z0-9_-]*)>/g)) {
    if (!names.includes(m[1])) names.push(m[1]);
  }
  return names;
}
