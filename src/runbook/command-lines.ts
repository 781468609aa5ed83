import { capitalize, splitWords } from './text-ids';

// Pure: PowerShell text in a runbook -> the separate commands a person runs, each with the title its author gave it.

export interface CommandText {
  /** As written: continuation lines joined with "\n". */
  template: string;
  /** The author's title (a `#` comment above it, the bullet's words, a "...:" line before the block), if any. */
  title?: string;
}

/** Lines of one code block -> commands: a trailing backtick, pipe, comma or an open bracket continues onto the next line. */
export function commandsInBlock(lines: string[], blockTitle?: string): CommandText[] {
  const commands: CommandText[] = [];
  let comment: string | undefined;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    commands.push({ template: pending.join('\n').trim(), ...(comment ? { title: comment } : {}) });
    pending = [];
    comment = undefined;
  };
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (pending.length === 0) {
      if (!line.trim()) continue;
      if (/^\s*#(?!>)/.test(line)) {
        comment = line.replace(/^\s*#+\s*/, '').trim() || undefined;
        continue;
      }
    }
    pending.push(line);
    if (!continues(pending.join('\n'))) flush();
  }
  flush();
  if (blockTitle && commands.length === 1 && !commands[0].title) commands[0].title = blockTitle;
  return commands;
}

/** True when the text so far is not a finished command: trailing ` | , or an unclosed ( { [ or string. */
function continues(text: string): boolean {
  if (/(?:`|\||,)$/.test(text)) return true;
  let depth = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
  }
  return depth > 0;
}

/** A code span that is a command (a Verb-Noun cmdlet, a variable assignment or a known tool), not just a value. */
export function looksLikeCommand(code: string): boolean {
  return /\b[A-Z][a-z]+-[A-Z][A-Za-z0-9]+\b/.test(code) || /^\$\w+\s*=/.test(code.trim()) || /^(?:dsregcmd|nslookup|Resolve-DnsName|ipconfig|certutil|netsh|klist|gpresult|whoami)\b/i.test(code.trim());
}

const pipelineHelpers = /^(?:(?:Select|Where|Sort|ForEach|Measure|Group|Format)-Object|Format-(?:List|Table)|Export-Csv|Out-File|Out-GridView|ConvertTo-Json)$/i;
const verbs: Record<string, string> = {
  Get: '',
  Set: 'Change',
  Update: 'Update',
  New: 'Create',
  Remove: 'Remove',
  Add: 'Add',
  Test: 'Test',
  Start: 'Start',
  Invoke: 'Run',
  Connect: 'Connect to',
  Search: 'Search',
  Export: 'Export',
  Revoke: 'Revoke',
  Release: 'Release',
};
/** Module prefixes of cmdlet nouns (Get-MgUser, Get-AzureADUser, Get-CsOnlineUser): the noun's meaning starts after them. */
export const nounPrefixes = /^(?:Mg(?:Beta)?|Cs(?:Online)?|SPO|Pnp|Msol|AzureAD|Entra|Exo)(?=[A-Z])/;
/** Prefixes left out of titles (Graph's Mg, Teams' Cs); SPO, Msol and AzureAD stay, they say which module. */
const titlePrefixes = /^(?:Mg(?:Beta)?|Cs)(?=[A-Z])/;
const nounFixes: [RegExp, string][] = [
  [/\bsign in\b/g, 'sign-in'],
  [/\blog on\b/g, 'logon'],
  [/\bdevice management managed device\b/g, 'managed device'],
  [/\baudit log sign-in\b/g, 'sign-in log'],
];

/** Cmdlets of a command (Verb-Noun), pipeline helpers such as Select-Object left out. */
export function cmdletsIn(template: string): string[] {
  return [...template.matchAll(/\b([A-Z][a-z]+-[A-Z][A-Za-z0-9]*)\b/g)].map((m) => m[1]).filter((c) => !pipelineHelpers.test(c));
}

/** A readable title from the cmdlets: "Get-TransportRule" -> "Transport rules", "Set-Mailbox ..." -> "Change mailbox". */
export function titleFromCmdlets(template: string): string {
  const cmdlets = cmdletsIn(template);
  if (cmdlets.length === 0) return capitalize(template.split(/\s+/)[0].replace(/^\$/, ''));
  const hasArguments = /\s-[A-Za-z]/.test(template);
  const phrases = cmdlets.map((cmdlet) => {
    const [verb, rawNoun] = [cmdlet.slice(0, cmdlet.indexOf('-')), cmdlet.slice(cmdlet.indexOf('-') + 1)];
    let noun = splitWords(rawNoun.replace(titlePrefixes, ''))
      .map((w) => (/^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase()))
      .join(' ');
    for (const [pattern, fix] of nounFixes) noun = noun.replace(pattern, fix);
    if (verb === 'Get' && !hasArguments && !/(?:s|tenant|config|configuration|settings|organization|service|context)$/i.test(noun)) noun += 's';
    const said = verbs[verb] ?? verb;
    return said ? `${said.toLowerCase()} ${noun}` : noun;
  });
  const unique = [...new Set(phrases)];
  const last = unique.map((p) => p.split(' ').pop());
  if (unique.length > 1 && unique.every((p) => p.includes(' ')) && last.every((w) => w === last[0])) {
    const firsts = unique.map((p) => p.slice(0, p.lastIndexOf(' ')));
    return capitalize(`${firsts.join(' and ')} ${last[0]}${last[0]?.endsWith('s') ? '' : 's'}`);
  }
  return capitalize(unique.join(' and '));
}
