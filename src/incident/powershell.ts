import type { CommandStarter, IntakeField, Runbook } from '../runbook/schema';

// Command starters with the incident's values filled in, each value a PowerShell verbatim string.

export interface MissingPlaceholder {
  placeholder: string;
  fieldId: string;
  label: string;
}

export interface RenderedCommand {
  starterId: string;
  title: string;
  text: string;
  /** Placeholders left visible as `<name>` because their field has no value yet, in order of appearance. */
  missing: MissingPlaceholder[];
}

/**
 * PowerShell treats all five as single quotes (U+0027, U+2018, U+2019, U+201A, U+201B): any of them opens
 * and closes a verbatim string, and two in a row stand for the second one.
 */
const singleQuotes = /['\u2018\u2019\u201a\u201b]/g;

/** Same placeholder syntax as the schema's placeholdersIn(). */
const placeholder = /<([A-Za-z][A-Za-z0-9_-]*)>/g;

/** A PowerShell single-quoted (verbatim) string literal with exactly this value: no expansion, no escape from it. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(singleQuotes, (q) => q + q)}'`;
}

/** The starter's template with each bound placeholder replaced by its quoted value; unbound or empty ones stay `<name>`. */
export function renderCommand(starter: CommandStarter, fields: IntakeField[], values: Record<string, string>): RenderedCommand {
  const missing: MissingPlaceholder[] = [];
  // One pass over the template: text inside a substituted value is never scanned for placeholders.
  const text = starter.template.replace(placeholder, (whole: string, name: string) => {
    const fieldId = Object.hasOwn(starter.bind, name) ? starter.bind[name] : name;
    const value = Object.hasOwn(values, fieldId) ? values[fieldId] : undefined;
    if (value !== undefined && value !== '') return quotePowerShell(value);
    if (!missing.some((m) => m.placeholder === name)) {
      missing.push({ placeholder: name, fieldId, label: fields.find((f) => f.id === fieldId)?.label ?? fieldId });
    }
    return whole;
  });
  return { starterId: starter.id, title: starter.title, text, missing };
}

/** Every command starter of the runbook, rendered with the incident's intake values. */
export function renderCommands(runbook: Pick<Runbook, 'commands' | 'intake'>, values: Record<string, string>): RenderedCommand[] {
  return runbook.commands.map((starter) => renderCommand(starter, runbook.intake, values));
}
