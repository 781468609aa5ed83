import type { SummaryWarning } from './types';

// The customer summary goes to a leads' channel: flag internal details before it is posted.

type Kind = SummaryWarning['kind'];

interface Hit {
  kind: Kind;
  match: string;
  start: number;
  end: number;
}

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = new RegExp(`(?<![\\w.])(?:${octet}\\.){3}${octet}(?!\\w|\\.\\d)`, 'g');
const ipv4Exact = new RegExp(`^(?:${octet}\\.){3}${octet}$`);
/** Candidates only: hex groups with at least two colons; isIPv6() decides. */
const ipv6Candidate = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g;
const messageId = /<[^<>\s@]+@[^<>\s@]+>/g;
/** An apostrophe inside the local part is real (o'brien@fabrikam.com); one before it is a quote, not part of the address. */
const email =
  /(?<![\w.%+-])[A-Za-z0-9._%+-](?:[A-Za-z0-9._%+'\u2019-]*[A-Za-z0-9._%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])/g;
const internalDomain = /(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:local|corp|internal|lan|intra)(?![\w-]|\.[A-Za-z0-9])/gi;
/** \\server or \\server\share\path: a single-label (or any) host reached by UNC path. */
const uncPath = /\\\\[A-Za-z0-9][\w.$-]*(?:\\[^\s\\<>:"|?*]+)*/g;
const guid = /(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/gi;

/** PowerShell's approved verbs (Get-Verb) plus Exchange's own (Validate-, Release-). */
const verbs =
  'Add|Approve|Assert|Backup|Block|Build|Checkpoint|Clear|Close|Compare|Complete|Compress|Confirm|Connect|Convert|ConvertFrom|' +
  'ConvertTo|Copy|Debug|Deny|Deploy|Disable|Disconnect|Dismount|Edit|Enable|Enter|Exit|Expand|Export|Find|Format|Get|Grant|' +
  'Group|Hide|Import|Initialize|Install|Invoke|Join|Limit|Lock|Measure|Merge|Mount|Move|New|Open|Optimize|Out|Ping|Pop|' +
  'Protect|Publish|Push|Read|Receive|Redo|Register|Release|Remove|Rename|Repair|Request|Reset|Resize|Resolve|Restart|Restore|' +
  'Resume|Revoke|Save|Search|Select|Send|Set|Show|Skip|Split|Start|Step|Stop|Submit|Suspend|Switch|Sync|Test|Trace|Unblock|' +
  'Undo|Uninstall|Unlock|Unprotect|Unpublish|Unregister|Update|Use|Validate|Wait|Watch|Write';
/** Verb-Noun as written in docs: capitalised verb, capitalised noun of three or more characters. */
const cmdlet = new RegExp(`(?<![\\w-])(?:${verbs})-[A-Z][A-Za-z0-9]{2,}(?![\\w-])`, 'g');
/** Any Word-Word followed by a `-Parameter` switch, in any case: `validate-outboundconnector -identity`. */
const cmdletWithSwitch = /(?<![\w-])[A-Za-z]+-[A-Za-z][A-Za-z0-9]*(?=\s+-[A-Za-z])/g;
/** English compounds that look like Verb-Noun ("Read-Only", "Push-Back"). */
const proseNouns = new Set(['Only', 'Back', 'Over', 'Down', 'Aside', 'Away', 'Based', 'Free', 'Wide', 'Safe', 'Time']);

function all(pattern: RegExp, kind: Kind, text: string, keep: (match: string) => boolean = () => true): Hit[] {
  return [...text.matchAll(pattern)].filter((m) => keep(m[0])).map((m) => ({ kind, match: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Full (8 groups) or compressed (one "::") IPv6, optionally ending in IPv4; must contain a digit (not prose like "ab::"). */
export function isIPv6(candidate: string): boolean {
  if (!/\d/.test(candidate)) return false;
  let rest = candidate;
  let groupsForV4 = 0;
  const v4 = /((?:\d{1,3}\.){3}\d{1,3})$/.exec(candidate);
  if (v4) {
    if (!ipv4Exact.test(v4[1])) return false;
    rest = candidate.slice(0, -v4[1].length);
    if (!rest.endsWith('::')) rest = rest.slice(0, -1);
    groupsForV4 = 2;
  }
  const hex = (g: string) => /^[0-9A-Fa-f]{1,4}$/.test(g);
  const halves = rest.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 2) {
    const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
    return groups.every(hex) && groups.length + groupsForV4 <= 7;
  }
  const groups = rest.split(':');
  return groups.every(hex) && groups.length + groupsForV4 === 8;
}

/** Finders in priority order: a span claimed by an earlier finder is not reported again by a later one. */
const finders: ((text: string) => Hit[])[] = [
  (t) => all(messageId, 'message-id', t),
  (t) => all(uncPath, 'internal-host', t).map(trimTrailingPunctuation),
  (t) => all(email, 'email-address', t),
  (t) => all(guid, 'guid', t),
  (t) => all(ipv6Candidate, 'ipv6', t, isIPv6),
  (t) => all(ipv4, 'ipv4', t),
  (t) => all(internalDomain, 'internal-host', t),
  (t) => all(cmdlet, 'powershell', t, (m) => !proseNouns.has(m.slice(m.indexOf('-') + 1))),
  (t) => all(cmdletWithSwitch, 'powershell', t),
];

function trimTrailingPunctuation(hit: Hit): Hit {
  const match = hit.match.replace(/[.,;:!?)\]]+$/, '');
  return { ...hit, match, end: hit.start + match.length };
}

/** Internal details in the summary fields, in field order then text order, one warning per field, kind and match. */
export function findInternalDetails(fields: Record<string, string>): SummaryWarning[] {
  const warnings: SummaryWarning[] = [];
  const seen = new Set<string>();
  for (const [field, text] of Object.entries(fields)) {
    const claimed: Hit[] = [];
    for (const find of finders) {
      for (const hit of find(text)) {
        if (!claimed.some((c) => hit.start < c.end && c.start < hit.end)) claimed.push(hit);
      }
    }
    claimed.sort((a, b) => a.start - b.start);
    for (const { kind, match } of claimed) {
      const id = `${field}:${kind}:${match}`;
      if (seen.has(id)) continue;
      seen.add(id);
      warnings.push({ id, field, kind, match });
    }
  }
  return warnings;
}
