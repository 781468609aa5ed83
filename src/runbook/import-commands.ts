import type { CommandDraft, IntakeFieldDraft } from './draft';
import { cmdletsIn, nounPrefixes, titleFromCmdlets, type CommandText } from './command-lines';
import { typeForName } from './field-recognisers';
import { sameThing } from './import-intake';
import type { ImportNotes } from './import-report';
import { modernise } from './retired-commands';
import type { FieldType } from './schema';
import { normaliseTemplate, templateProblems } from './template-quoting';
import { camelId, humanize, kebabId, uniqueIds } from './text-ids';

// Pure: command texts -> command starters with bound placeholders; one intake field per new placeholder, typed and staged.

const genericNames = new Set(['id', 'identity', 'name', 'value', 'object']);
/** Rules from the parameter before a placeholder (`-SenderAddress <sender>`) to a field type. */
const parameterTypes: { pattern: RegExp; type: FieldType }[] = [
  { pattern: /^(?:Internet)?MessageId$/i, type: 'message-id' },
  { pattern: /(?:TraceId|Guid|ObjectId|DeviceId|GroupId|TenantId|ApplicationId|AppId|ClientId|CorrelationId|PolicyId)$/i, type: 'guid' },
  { pattern: /Address$|^(?:UserPrincipalName|Upn|LoginName|User|Mailbox|Owner|Member|Trustee)$/i, type: 'email' },
  { pattern: /(?:Url|Uri)$/i, type: 'url' },
  { pattern: /Domain(?:Name)?$/i, type: 'domain' },
  { pattern: /(?:Date|Time)$/i, type: 'datetime' },
];
const placeholderToken = /<([A-Za-z][A-Za-z0-9 _./-]{0,40}?)>/g;

export interface ImportedCommands {
  commands: CommandDraft[];
  /** New fields for placeholders, in order of first use (fields in `known` are bound and upgraded, not added). */
  fields: IntakeFieldDraft[];
  /** Commands that cannot be filled safely, as text to keep elsewhere, with the reason. */
  unsafe: { template: string; reasons: string[] }[];
}

/** `known` are the captured intake fields; a placeholder naming one of them is bound to it (its type upgraded from text). */
export function importCommands(texts: CommandText[], known: IntakeFieldDraft[], notes: ImportNotes): ImportedCommands {
  const commands: CommandDraft[] = [];
  const fields: IntakeFieldDraft[] = [];
  const unsafe: ImportedCommands['unsafe'] = [];
  const nextId = uniqueIds();
  const earlierCmdlets: string[] = [];
  const earlierOutputs: { property: string; cmdlet: string }[] = [];
  for (const text of texts) {
    const renamed = renamePlaceholders(text.template, notes);
    const normalised = normaliseTemplate(renamed);
    normalised.notes.forEach((n) => notes.info(`Command "${firstLine(text.template)}": ${n}`));
    const problems = templateProblems(normalised.template);
    if (problems.length > 0) {
      notes.warn(
        `Command "${firstLine(text.template)}" cannot be filled in safely (${problems.join('; ')}); it is kept as text on the triage card, not as a starter.`,
      );
      unsafe.push({ template: text.template, reasons: problems });
      continue;
    }
    const title = text.title ?? titleFromCmdlets(normalised.template);
    if (!text.title) notes.guess(`Command title "${title}" made from the cmdlet names of "${firstLine(text.template)}".`);
    const bind: Record<string, string> = {};
    for (const name of placeholderNames(normalised.template)) {
      const field = fieldFor(name, normalised.template, earlierCmdlets, earlierOutputs);
      const existing = [...known, ...fields].find((f) => f.id === field.id || sameThing(f.id, name) || sameThing(f.label, name));
      if (existing) {
        bind[name] = existing.id;
        if (existing.type === 'text' && field.type !== 'text') existing.type = field.type;
        if (field.stage === 'triage' && existing.stage !== 'triage' && !fields.includes(existing)) {
          existing.stage = 'triage';
          delete existing.required;
          existing.help = field.help;
          notes.guess(`Intake: "${existing.label}" is asked at triage, next to the commands: an earlier command shows it (${field.help}).`);
        } else if (field.required && existing.stage !== 'triage' && existing.type !== 'datetime') existing.required = true;
      } else {
        bind[name] = field.id;
        fields.push(field);
        if (field.stage === 'triage') notes.guess(`Placeholder <${name}> comes from an earlier command's output: asked at triage, next to the commands.`);
      }
    }
    const modern = modernise(normalised.template);
    const template = modern?.complete ? modern.template : normalised.template;
    modern?.notes.forEach((n) =>
      notes.warn(
        `Command "${firstLine(normalised.template)}": ${n}${modern.complete ? " The starter shows the working command first and the runbook's original beside it." : ''}`,
      ),
    );
    commands.push({
      id: nextId(kebabId(title, 6)),
      title,
      template,
      ...(Object.keys(bind).length > 0 ? { bind } : {}),
      ...(modern ? { retired: { original: normalised.template, notes: modern.notes, rewritten: modern.complete } } : {}),
    });
    earlierCmdlets.push(...cmdletsIn(normalised.template));
    earlierOutputs.push(...selectedProperties(normalised.template));
  }
  return { commands, fields, unsafe };
}

/** `<message id>` -> `<messageId>`: placeholder names become identifiers (the rest of the command is untouched). */
function renamePlaceholders(template: string, notes: ImportNotes): string {
  return template.replace(placeholderToken, (whole: string, name: string) => {
    if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) return whole;
    const id = camelId(name);
    notes.info(`Placeholder <${name}> is written <${id}> in the starter.`);
    return `<${id}>`;
  });
}

function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(/<([A-Za-z][A-Za-z0-9_-]*)>/g)].map((m) => m[1]))];
}

/** The field a placeholder fills, typed by the parameter before it, else by its own name; staged at triage when an earlier command outputs it. */
function fieldFor(name: string, template: string, earlierCmdlets: string[], earlierOutputs: { property: string; cmdlet: string }[]): IntakeFieldDraft {
  const param = new RegExp(`-([A-Za-z][A-Za-z0-9]*)[\\s:]+['"]?<${name}>`).exec(template)?.[1];
  const cmdlet = cmdletsIn(template.slice(0, template.indexOf(`<${name}>`))).pop() ?? '';
  const byParam = param ? parameterTypes.find((r) => r.pattern.test(param))?.type : undefined;
  const identityOfPerson = param && /^Identity$/i.test(param) && /mailbox|user/i.test(`${cmdlet} ${name}`) ? 'email' : undefined;
  const type: FieldType = byParam ?? identityOfPerson ?? typeForName(name) ?? 'text';
  const generic = genericNames.has(name.toLowerCase());
  const id = generic && param ? camelId(param) : /^[a-z][a-zA-Z0-9-]*$/.test(name) ? name : camelId(name);
  const label = humanize(generic && param ? param : name);
  const idLike = (generic && param ? param : name).replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const source = /id$/.test(idLike)
    ? earlierCmdlets.find((cmdlet) => {
        const noun = cmdlet.slice(cmdlet.indexOf('-') + 1).replace(nounPrefixes, '');
        const words = noun.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
        return [1, 2].some((k) => words.length >= k && idLike.endsWith(`${words.slice(-k).join('')}id`.toLowerCase()));
      })
    : undefined;
  if (source) return { id, label, type, stage: 'triage', help: `The ${param ?? name} from the ${source} output.` };
  const wanted = name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const output = earlierOutputs.find(({ property, cmdlet: from }) => {
    const p = property.toLowerCase();
    if (wanted.length >= 5 && p.endsWith(wanted)) return true;
    return p.length >= 4 && wanted.endsWith(p) && from.toLowerCase().includes(wanted.slice(0, -p.length));
  });
  if (output) return { id, label, type, stage: 'triage', help: `The ${output.property} shown by ${output.cmdlet} above.` };
  return { id, label, type, ...(type === 'datetime' ? {} : { required: true }) };
}

/** Properties an earlier command shows (`... | Select-Object A, B`), each with the cmdlet that outputs it. */
function selectedProperties(template: string): { property: string; cmdlet: string }[] {
  return [...template.matchAll(/([A-Z][a-z]+-[A-Z][A-Za-z0-9]*)[^|\n]*\|\s*Select-Object\s+(?:-Property\s+)?([A-Za-z0-9_, ]+)/g)].flatMap((m) =>
    m[2]
      .split(/\s*,\s*/)
      .filter((p) => /^[A-Za-z]\w+$/.test(p))
      .map((property) => ({ property, cmdlet: m[1] })),
  );
}

function firstLine(template: string): string {
  const line = template.split('\n')[0];
  return line.length > 70 ? `${line.slice(0, 67)}...` : line;
}
