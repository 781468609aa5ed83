import type { CommandDraft, IntakeFieldDraft } from './draft';
import type { FieldType } from './schema';
import { placeholdersIn } from './schema';
import { camelId, capitalize, humanize, kebabId, splitWords, uniqueIds } from './text-ids';

// Pure: fenced PowerShell lines -> command starters, and one intake field per `<placeholder>` typed from its parameter.

const pipelineHelpers = /^(Select|Where|Sort|ForEach|Measure|Group)-Object$|^(Format-(List|Table)|Export-Csv|Out-File|Out-GridView)$/i;
const genericNames = new Set(['id', 'identity', 'name', 'value', 'object']);

/** Rules from the parameter name before a placeholder (`-SenderAddress <sender>`) to a field type. */
const parameterTypes: { pattern: RegExp; type: FieldType }[] = [
  { pattern: /^(?:Internet)?MessageId$/i, type: 'message-id' },
  { pattern: /(?:TraceId|Guid|ObjectId)$/i, type: 'guid' },
  { pattern: /Address$|^(?:UserPrincipalName|Upn|LoginName|UserId|User|Mailbox|Owner)$/i, type: 'email' },
  { pattern: /Domain(?:Name)?$/i, type: 'domain' },
  { pattern: /(?:Date|Time)$/i, type: 'datetime' },
];
/** Rules from the placeholder's own name, used when the parameter says nothing (`-Filter <guestAddress>`). */
const nameTypes: { pattern: RegExp; type: FieldType }[] = [
  { pattern: /messageId$/i, type: 'message-id' },
  { pattern: /address$|email|^upn$|^user$|^mailbox$|^sender$|^recipient$/i, type: 'email' },
  { pattern: /domain$/i, type: 'domain' },
  { pattern: /guid$/i, type: 'guid' },
];

export interface ImportedCommands {
  commands: CommandDraft[];
  /** Fields for placeholders, in order of first use; ids already in `existing` are bound, not added. */
  fields: IntakeFieldDraft[];
}

/** Each non-empty line of each code block is one starter; a `#` comment line titles the starter below it. */
export function importCommands(codeBlocks: string[][], existing: ReadonlySet<string>): ImportedCommands {
  const commands: CommandDraft[] = [];
  const fields = new Map<string, IntakeFieldDraft>();
  const nextId = uniqueIds();
  const earlierCmdlets: string[] = [];
  for (const lines of codeBlocks) {
    let comment: string | undefined;
    for (const raw of lines) {
      const template = raw.trim();
      if (!template) continue;
      if (template.startsWith('#')) {
        comment = template.replace(/^#+\s*/, '') || undefined;
        continue;
      }
      const title = comment ?? titleFor(template);
      comment = undefined;
      const bind: Record<string, string> = {};
      for (const name of placeholdersIn(template)) {
        const field = fieldFor(name, template, earlierCmdlets);
        bind[name] = field.id;
        const known = fields.get(field.id);
        if (!known && !existing.has(field.id)) fields.set(field.id, field);
        else if (known && known.type === 'text' && field.type !== 'text') fields.set(field.id, { ...field, label: known.label });
      }
      commands.push({ id: nextId(kebabId(title, 6)), title, template, ...(Object.keys(bind).length > 0 ? { bind } : {}) });
      earlierCmdlets.push(...cmdletsIn(template));
    }
  }
  return { commands, fields: [...fields.values()] };
}

/** The field a placeholder fills, typed by the parameter before it, else by its own name. */
function fieldFor(name: string, template: string, earlierCmdlets: string[]): IntakeFieldDraft {
  const at = template.indexOf(`<${name}>`);
  const param = new RegExp(`-([A-Za-z][A-Za-z0-9]*)[\\s:]+['"]?<${name}>`).exec(template)?.[1];
  const cmdlet = cmdletsIn(template.slice(0, at)).pop() ?? '';
  const byParam = param ? parameterTypes.find((r) => r.pattern.test(param))?.type : undefined;
  const identityOfPerson = param && /^Identity$/i.test(param) && /mailbox|user/i.test(`${cmdlet} ${name}`) ? 'email' : undefined;
  const type: FieldType = byParam ?? identityOfPerson ?? nameTypes.find((r) => r.pattern.test(name))?.type ?? 'text';
  const generic = genericNames.has(name.toLowerCase());
  const id = generic && param ? camelId(param) : /^[a-z][a-zA-Z0-9-]*$/.test(name) ? name : camelId(name);
  const fromParam = param !== undefined && (generic || param.toLowerCase().includes(name.toLowerCase()));
  const label = humanize(fromParam && param ? param : name);
  if (type === 'guid') {
    const source = param ? earlierCmdlets.find((c) => `${nounOf(c)}Id`.toLowerCase() === param.toLowerCase()) : undefined;
    const help = `The ${param ?? name} from ${source ? `the ${source}` : "an earlier command's"} output.`;
    return { id, label, type, stage: 'triage', help };
  }
  return { id, label, type, ...(type === 'datetime' ? {} : { required: true }) };
}

/** PowerShell cmdlets (Verb-Noun) in a line, without pipeline helpers such as Select-Object. */
function cmdletsIn(line: string): string[] {
  return [...line.matchAll(/\b([A-Z][a-z]+-[A-Z][A-Za-z0-9]*)\b/g)].map((m) => m[1]).filter((c) => !pipelineHelpers.test(c));
}

function nounOf(cmdlet: string): string {
  return cmdlet.slice(cmdlet.indexOf('-') + 1);
}

/** "Get-MessageTraceDetail ..." -> "Message trace detail"; "Get-InboundConnector; Get-OutboundConnector" -> "Inbound and outbound connectors". */
function titleFor(template: string): string {
  const phrases = cmdletsIn(template).map((cmdlet) => {
    const verb = cmdlet.slice(0, cmdlet.indexOf('-'));
    const noun = splitWords(nounOf(cmdlet).replace(/^Mg(?=[A-Z])/, ''))
      .map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()))
      .join(' ');
    return verb === 'Get' ? noun : `${verb.toLowerCase()} ${noun}`;
  });
  if (phrases.length === 0) return capitalize(template.split(/\s+/)[0]);
  const lastWords = phrases.map((p) => p.split(' ').pop());
  if (phrases.length > 1 && phrases.every((p) => p.includes(' ')) && lastWords.every((w) => w === lastWords[0])) {
    const firsts = phrases.map((p) => p.slice(0, p.lastIndexOf(' ')));
    return capitalize(`${firsts.join(' and ')} ${lastWords[0]}s`);
  }
  return capitalize(phrases.join(' and '));
}
