import type { CommandStarter, IntakeField, Runbook } from '../runbook/schema';
import { analyseTemplate, escapeFor } from '../runbook/template-quoting';

// Command starters with the incident's values filled in, each value escaped for the quoting context its placeholder sits in.

export interface MissingPlaceholder {
  placeholder: string;
  fieldId: string;
  label: string;
}

export interface RenderedCommand {
  starterId: string;
  title: string;
  text: string;
  /** Placeholders left visible as `<name>` because their field has no value yet (or the template is unsafe), in order of appearance. */
  missing: MissingPlaceholder[];
  /** Why the template is unsafe to fill, when it is: then no placeholder is filled. */
  unsafe?: string[];
}

/** Same placeholder syntax as the schema's placeholdersIn(). */
const placeholder = /<([A-Za-z][A-Za-z0-9_-]*)>/g;

/** A PowerShell single-quoted (verbatim) string literal with exactly this value: no expansion, no escape from it. */
export function quotePowerShell(value: string): string {
  return escapeFor('bare', value);
}

/** The starter's template with each bound placeholder replaced by its value, escaped for its context; unbound, empty or unsafe ones stay `<name>`. */
export function renderCommand(starter: CommandStarter, fields: IntakeField[], values: Record<string, string>): RenderedCommand {
  const template = starter.template;
  const missing: MissingPlaceholder[] = [];
  const fieldOf = (name: string): string => (Object.hasOwn(starter.bind, name) ? starter.bind[name] : name);
  const noteMissing = (name: string): void => {
    const fieldId = fieldOf(name);
    if (!missing.some((m) => m.placeholder === name)) {
      missing.push({ placeholder: name, fieldId, label: fields.find((f) => f.id === fieldId)?.label ?? fieldId });
    }
  };
  const { sites, problems } = analyseTemplate(template);
  if (problems.length > 0) {
    for (const m of template.matchAll(placeholder)) noteMissing(m[1]);
    return { starterId: starter.id, title: starter.title, text: template, missing, unsafe: problems };
  }
  // One pass over the template: text inside a substituted value is never scanned for placeholders.
  let text = '';
  let at = 0;
  for (const site of sites) {
    const fieldId = fieldOf(site.name);
    const value = Object.hasOwn(values, fieldId) ? values[fieldId] : undefined;
    text += template.slice(at, site.start);
    if (value !== undefined && value !== '') text += escapeFor(site.context, value);
    else {
      noteMissing(site.name);
      text += template.slice(site.start, site.end);
    }
    at = site.end;
  }
  return { starterId: starter.id, title: starter.title, text: text + template.slice(at), missing };
}

/** Every command starter of the runbook, rendered with the incident's intake values. */
export function renderCommands(runbook: Pick<Runbook, 'commands' | 'intake'>, values: Record<string, string>): RenderedCommand[] {
  return runbook.commands.map((starter) => renderCommand(starter, runbook.intake, values));
}
