import { z } from 'zod';
import { runbookSchema } from './schema';

// The runbook schema as JSON Schema (draft 2020-12) for editors: yaml-language-server reads it via a comment line.

/** The comment line at the top of each runbook YAML file that points editors at the JSON Schema next to it. */
export const yamlSchemaComment = '# yaml-language-server: $schema=./runbook.schema.json';

/**
 * Pure: JSON Schema of a runbook file as written (defaults optional). Cross-references (placeholders bound,
 * ids unique, conditions naming real fields) are checked only by the zod schema and `npm run runbooks:check`.
 */
export function runbookJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(runbookSchema, { io: 'input', unrepresentable: 'any' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'urn:runbook-incident-bot:runbook.schema.json',
    title: 'Incident runbook definition',
    description:
      'A runbook of the Microsoft 365 Administration Runbooks series, as used by the runbook incident bot. Generated from src/runbook/schema.ts by `npm run runbooks:schema`; do not edit.',
    ...rest,
  };
}

/** The schema file's exact text: pretty JSON with a trailing newline. */
export function runbookJsonSchemaText(): string {
  return `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`;
}
