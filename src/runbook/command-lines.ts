import { capitalize, splitWords } from './text-ids';

// Pure: PowerShell text in a runbook -> the separate commands a person runs, each with the title its author gave it.

export interface CommandText {
  /** As written: continuation lines joined with "\n". */
  template: string;
  /** The author's title (a `#` comment above it, the bullet's words, a "...:" line before the block), if any. */
  title?: string;
}

/**
 * Lines of one code block -> commands. A command continues over a trailing backtick, pipe or comma, an open bracket,
 * string, here-string or block comment, and onto a next line that starts with a pipe. A `#` line titles the command below.
 */
export function commandsInBlock(lines: string[], blockTitle?: string): CommandText[] {
  const commands: CommandText[] = [];
  let comment: string | undefined;
  let pending: string[] = [];
  let scanned: Scanned | undefined;
  const flush = () => {
    if (pending.length === 0) return;
    const template = pending.join('\n').trim();
    pending = [];
    if (codeOf(template).trim() === '') {
      comment =
        template
          .replace(/^<#|#>$/g, '')
          .replace(/\s+/g, ' ')
          .trim() || comment;
      return;
    }
    commands.push({ template, ...(comment ? { title: comment } : {}) });
    comment = undefined;
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (pending.length === 0) {
      if (!line.trim()) continue;
      if (/^\s*\|/.test(line) && commands.length > 0) {
        const last = commands[commands.length - 1];
        last.template = `${last.template}\n${line}`;
        continue;
      }
      if (/^\s*#(?!>)/.test(line)) {
        comment = line.replace(/^\s*#+\s*/, '').trim() || undefined;
        continue;
      }
    }
    scanned = scan(pending.length === 0 ? line : `\n${line}`, pending.length === 0 ? undefined : scanned);
    pending.push(line);
    if (!continues(scanned)) flush();
  }
  flush();
  if (blockTitle && commands.length === 1 && !commands[0].title) commands[0].title = blockTitle;
  return commands;
}

type ScanState = 'code' | 'single' | 'double' | 'hereSingle' | 'hereDouble' | 'blockComment';

/** Scans PowerShell text: what is still open at its end, its bracket depth, and its code with comments left out. */
interface Scanned {
  state: ScanState;
  depth: number;
  code: string;
}

/** Scans on from an earlier result (one line at a time keeps a long continued command linear). */
function scan(text: string, from: Scanned = { state: 'code', depth: 0, code: '' }): Scanned {
  let { state, depth } = from;
  let code = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const atLineStart = i === 0 || text[i - 1] === '\n';
    if (state === 'code') {
      if (ch === '<' && text[i + 1] === '#') {
        state = 'blockComment';
        i++;
      } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
        while (i < text.length && text[i] !== '\n') i++;
        code += '\n';
      } else if (ch === '@' && (text[i + 1] === "'" || text[i + 1] === '"') && /^[ \t]*(?:\n|$)/.test(text.slice(i + 2))) {
        state = text[i + 1] === "'" ? 'hereSingle' : 'hereDouble';
        code += text.slice(i, i + 2);
        i++;
      } else {
        if (ch === "'") state = 'single';
        else if (ch === '"') state = 'double';
        else if ('({['.includes(ch)) depth++;
        else if (')}]'.includes(ch)) depth--;
        else if (ch === '`') {
          code += text.slice(i, i + 2);
          i++;
          continue;
        }
        code += ch;
      }
    } else if (state === 'blockComment') {
      if (ch === '#' && text[i + 1] === '>') {
        state = 'code';
        i++;
      }
    } else {
      code += ch;
      if (state === 'single' && ch === "'") state = text[i + 1] === "'" ? ((code += text[++i]), 'single') : 'code';
      else if (state === 'double' && ch === '`') code += text[++i] ?? '';
      else if (state === 'double' && ch === '"') state = text[i + 1] === '"' ? ((code += text[++i]), 'double') : 'code';
      else if ((state === 'hereSingle' || state === 'hereDouble') && atLineStart && text.slice(i).startsWith(state === 'hereSingle' ? "'@" : '"@')) {
        code += '@';
        i++;
        state = 'code';
      }
    }
  }
  return { state, depth, code: from.code + code };
}

/** The text without its comments. */
function codeOf(text: string): string {
  return scan(text).code;
}

/** True when the scanned text is not a finished command. */
function continues({ state, depth, code }: Scanned): boolean {
  if (state !== 'code') return true;
  return depth > 0 || /[`|,]$/.test(code.trimEnd());
}

/** A code span that is a command (a Verb-Noun cmdlet, a variable assignment or a known tool), not just a value. */
export function looksLikeCommand(code: string): boolean {
  return (
    /\b[A-Z][a-z]+-[A-Z][A-Za-z0-9]+\b/.test(code) ||
    /^\$\w+\s*=/.test(code.trim()) ||
    /^(?:dsregcmd|nslookup|Resolve-DnsName|ipconfig|certutil|netsh|klist|gpresult|whoami)\b/i.test(code.trim())
  );
}

const pipelineHelpers =
  /^(?:(?:Select|Where|Sort|ForEach|Measure|Group|Format)-Object|Format-(?:List|Table)|Export-Csv|Out-File|Out-GridView|ConvertTo-Json)$/i;
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
