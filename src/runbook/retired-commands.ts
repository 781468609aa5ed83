// Pure: a table of retired or deprecated PowerShell cmdlets (each fact checked against Microsoft Learn and cited),
// the uses of them in a command starter, and a mechanical rewrite to the working cmdlet where one is safe.
// Imports nothing; no I/O.

export interface RetiredCommand {
  /** The retired cmdlet, e.g. "Get-MessageTrace"; or a module family pattern for the module-level entries. */
  cmdlet: string | RegExp;
  /** The module or product it belongs to, e.g. "Exchange Online PowerShell", "MSOnline", "AzureAD". */
  module: string;
  status: 'retired' | 'deprecated';
  /** When, as YYYY-MM-DD or YYYY-MM. */
  since: string;
  /** The working replacement cmdlet (omitted for module-level entries). */
  replacement?: string;
  /** Parameter renames for a mechanical rewrite (old -> new, without dashes). Omitted or `false` = the rewrite is not mechanical: advice only. */
  parameters?: Record<string, string> | false;
  /** Parameters whose presence forbids the mechanical rewrite (e.g. Page, PageSize for message trace). */
  blockers?: string[];
  /** One sentence for the runbook author and the person at the card. */
  advice: string;
  /** Microsoft's page the fact comes from. */
  source: string;
  verified: boolean;
}

export interface RetiredUse {
  /** The cmdlet as written in the template. */
  cmdlet: string;
  entry: RetiredCommand;
}

export interface Modernised {
  /** The template with each mechanically rewritable cmdlet (and its listed parameters) replaced; placeholders like <sender> and everything else unchanged. */
  template: string;
  /** True when every retired use was rewritten (the new template should work); false when some are advice only. */
  complete: boolean;
  /** One line per retired use: "Get-MessageTrace is deprecated since 2025-09-01 (Exchange Online PowerShell): use Get-MessageTraceV2." (+ source URL) */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Sources (all Microsoft Learn). What each one states, as read when the table was written:
//
// NEW_MESSAGE_TRACE  "The old Message trace UX and cmdlets will be deprecated on September 1, 2025."
//                    (The Get-MessageTrace / Get-MessageTraceDetail reference pages say each "is replaced by the
//                    Get-MessageTraceV2 / Get-MessageTraceDetailV2 cmdlet"; the V2 pages give the V2 syntax:
//                    no -Page, -PageSize or -ProbeTag; -ResultSize, default 1000 and at most 5000 results.)
// ENTRA_WHATS_NEW    January 2025 entry: "MSOnline PowerShell will retire, and stop working, between early April 2025
//                    and late May 2025"; "AzureAD PowerShell will no longer be supported after March 30, 2025, but its
//                    retirement will happen in early July 2025". No exact day is given, hence "2025-04".
// AZUREAD_OVERVIEW   "Azure AD and MSOnline PowerShell modules are deprecated as of March 30, 2024."
// CMDLET_MAP         "Find Azure AD and MSOnline cmdlets in Microsoft Graph PowerShell": the cmdlet-to-cmdlet map.
// azureadMigrate(x)  The per-cmdlet "migration details ... to Microsoft Graph PowerShell" pages with the parameter
//                    ("property") mapping, e.g. Get-AzureADDevice ObjectId -> DeviceId.
// The per-cmdlet MSOnline and AzureAD entries take module, status and since from MSOL / AZUREAD below (dates from
// ENTRA_WHATS_NEW and AZUREAD_OVERVIEW) and cite the page their replacement and parameters come from. MSOnline
// parameter renames (UserPrincipalName/ObjectId -> UserId, ObjectId -> GroupId) follow the Get-MsolUser/Get-MsolGroup
// and Get-MgUser/Get-MgGroup reference syntax; the cmdlet map itself lists cmdlets only.
// ---------------------------------------------------------------------------------------------------------------
const NEW_MESSAGE_TRACE = 'https://learn.microsoft.com/exchange/monitoring/trace-an-email-message/new-message-trace';
const ENTRA_WHATS_NEW = 'https://learn.microsoft.com/entra/fundamentals/whats-new';
const AZUREAD_OVERVIEW = 'https://learn.microsoft.com/powershell/azure/active-directory/overview';
const CMDLET_MAP = 'https://learn.microsoft.com/powershell/microsoftgraph/azuread-msoline-cmdlet-map';
const azureadMigrate = (cmdlet: string): string => `https://learn.microsoft.com/powershell/module/azuread/migrate/${cmdlet.toLowerCase()}`;

/** Parameters that keep their name on the replacement. */
const same = (...names: string[]): Record<string, string> => Object.fromEntries(names.map((name) => [name, name]));

const EXO = 'Exchange Online PowerShell';
const messageTraceBlockers = ['Page', 'PageSize', 'ProbeTag'];

const MSOL = { module: 'MSOnline', status: 'retired', since: '2025-04', verified: true } as const;
const AZUREAD = { module: 'AzureAD', status: 'deprecated', since: '2024-03-30', verified: true } as const;
/** AzureAD's -All takes a Boolean (`-All $true`); Microsoft Graph PowerShell's -All is a switch. */
const azureadBlockers = ['All', 'SearchString'];

const table: RetiredCommand[] = [
  // --- Exchange Online message trace --------------------------------------------------------------------------
  {
    cmdlet: 'Get-MessageTrace',
    module: EXO,
    status: 'deprecated',
    since: '2025-09-01',
    replacement: 'Get-MessageTraceV2',
    parameters: same('SenderAddress', 'RecipientAddress', 'MessageTraceId', 'MessageId', 'StartDate', 'EndDate', 'FromIP', 'ToIP', 'Status'),
    blockers: messageTraceBlockers,
    advice:
      'Get-MessageTraceV2 takes the same filters and searches 90 days (10 days per query), but has no -Page, -PageSize or -ProbeTag: it returns 1000 results by default and at most 5000 (-ResultSize), so query in several rounds with smaller -StartDate/-EndDate intervals when there are more.',
    source: NEW_MESSAGE_TRACE,
    verified: true,
  },
  {
    cmdlet: 'Get-MessageTraceDetail',
    module: EXO,
    status: 'deprecated',
    since: '2025-09-01',
    replacement: 'Get-MessageTraceDetailV2',
    parameters: same('MessageTraceId', 'RecipientAddress', 'SenderAddress', 'MessageId', 'StartDate', 'EndDate', 'Action', 'Event'),
    blockers: messageTraceBlockers,
    advice:
      'Get-MessageTraceDetailV2 takes the same -MessageTraceId and -RecipientAddress (and accepts Get-MessageTraceV2 output from the pipeline), but has no -Page, -PageSize or -ProbeTag.',
    source: NEW_MESSAGE_TRACE,
    verified: true,
  },

  // --- MSOnline -> Microsoft Graph PowerShell ------------------------------------------------------------------
  {
    cmdlet: 'Connect-MsolService',
    ...MSOL,
    replacement: 'Connect-MgGraph',
    parameters: {},
    advice: 'Connect-MgGraph signs in to Microsoft Graph; add -Scopes with the permissions the next commands need (for example -Scopes User.Read.All).',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Get-MsolUser',
    ...MSOL,
    replacement: 'Get-MgUser',
    parameters: { UserPrincipalName: 'UserId', ObjectId: 'UserId', All: 'All' },
    advice:
      'Get-MgUser -UserId takes the object id or the user principal name and returns Microsoft Graph user objects with a default subset of properties (add -Property for more), so check anything that reads its output.',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Get-MsolGroup',
    ...MSOL,
    replacement: 'Get-MgGroup',
    parameters: { ObjectId: 'GroupId', All: 'All' },
    advice: 'Get-MgGroup -GroupId takes the group object id and returns Microsoft Graph group objects, so check anything that reads its output.',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Get-MsolAccountSku',
    ...MSOL,
    replacement: 'Get-MgSubscribedSku',
    parameters: {},
    advice: 'Get-MgSubscribedSku lists the same subscriptions, identified by SkuId and SkuPartNumber rather than AccountSkuId.',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Set-MsolUserLicense',
    ...MSOL,
    replacement: 'Set-MgUserLicense',
    parameters: false,
    advice:
      'Rewrite the call by hand: Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId = <sku guid from Get-MgSubscribedSku>} -RemoveLicenses @() takes SKU GUIDs, not AccountSkuId strings.',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Set-MsolUser',
    ...MSOL,
    replacement: 'Update-MgUser',
    parameters: false,
    advice:
      'Rewrite the call by hand: to block sign-in (-BlockCredential $true) use Update-MgUser -UserId <upn> -AccountEnabled:$false; the other Set-MsolUser parameters have different names on Update-MgUser.',
    source: CMDLET_MAP,
  },

  // --- AzureAD (and AzureADPreview, same cmdlet names) -> Microsoft Graph PowerShell -------------------------
  {
    cmdlet: 'Connect-AzureAD',
    ...AZUREAD,
    replacement: 'Connect-MgGraph',
    parameters: {},
    advice: 'Connect-MgGraph signs in to Microsoft Graph; add -Scopes with the permissions the next commands need (for example -Scopes User.Read.All).',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Get-AzureADUser',
    ...AZUREAD,
    replacement: 'Get-MgUser',
    parameters: { ObjectId: 'UserId', Top: 'Top', Filter: 'Filter' },
    blockers: azureadBlockers,
    advice:
      'Get-MgUser -UserId takes the object id or the user principal name and returns Microsoft Graph user objects (Id, not ObjectId), so check anything that reads its output.',
    source: azureadMigrate('Get-AzureADUser'),
  },
  {
    cmdlet: 'Get-AzureADGroup',
    ...AZUREAD,
    replacement: 'Get-MgGroup',
    parameters: { ObjectId: 'GroupId', Top: 'Top', Filter: 'Filter' },
    blockers: azureadBlockers,
    advice:
      'Get-MgGroup -GroupId takes the group object id and returns Microsoft Graph group objects (Id, not ObjectId), so check anything that reads its output.',
    source: azureadMigrate('Get-AzureADGroup'),
  },
  {
    cmdlet: 'Get-AzureADDevice',
    ...AZUREAD,
    replacement: 'Get-MgDevice',
    parameters: { ObjectId: 'DeviceId', Top: 'Top', Filter: 'Filter' },
    blockers: azureadBlockers,
    advice:
      'Get-MgDevice -DeviceId takes the device object id and returns Microsoft Graph device objects (Id, not ObjectId), so check anything that reads its output.',
    source: azureadMigrate('Get-AzureADDevice'),
  },
  {
    cmdlet: 'Get-AzureADSubscribedSku',
    ...AZUREAD,
    replacement: 'Get-MgSubscribedSku',
    parameters: { ObjectId: 'SubscribedSkuId' },
    advice: 'Get-MgSubscribedSku lists the same subscribed SKUs as Microsoft Graph objects.',
    source: azureadMigrate('Get-AzureADSubscribedSku'),
  },
  {
    cmdlet: 'Set-AzureADUserLicense',
    ...AZUREAD,
    replacement: 'Set-MgUserLicense',
    parameters: false,
    advice:
      'Rewrite the call by hand: Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId = <sku guid>} -RemoveLicenses @() replaces the AssignedLicenses object.',
    source: CMDLET_MAP,
  },
  {
    cmdlet: 'Revoke-AzureADUserAllRefreshToken',
    ...AZUREAD,
    replacement: 'Revoke-MgUserSignInSession',
    parameters: { ObjectId: 'UserId' },
    advice: 'Revoke-MgUserSignInSession -UserId (object id or user principal name) invalidates the refresh tokens and browser session cookies in the same way.',
    source: azureadMigrate('Revoke-AzureADUserAllRefreshToken'),
  },
  {
    cmdlet: 'Get-AzureADUserRegisteredDevice',
    ...AZUREAD,
    replacement: 'Get-MgUserRegisteredDevice',
    parameters: { ObjectId: 'UserId', Top: 'Top' },
    blockers: ['All'],
    advice: 'Get-MgUserRegisteredDevice -UserId takes the object id or the user principal name and returns Microsoft Graph directory objects.',
    source: azureadMigrate('Get-AzureADUserRegisteredDevice'),
  },

  // --- Module-level entries: every other cmdlet of the family -------------------------------------------------
  {
    cmdlet: /^[a-z]+-Msol[a-z0-9]+$/i,
    ...MSOL,
    advice:
      'MSOnline stopped working between early April and late May 2025: find its Microsoft Graph PowerShell equivalent with Find-MgGraphCommand or the cmdlet map (or use Microsoft Entra PowerShell).',
    source: ENTRA_WHATS_NEW,
  },
  {
    cmdlet: /^[a-z]+-AzureAD[a-z0-9]*$/i,
    ...AZUREAD,
    advice:
      'AzureAD (and AzureADPreview) is deprecated, unsupported after March 30, 2025 and scheduled to retire: find its Microsoft Graph PowerShell equivalent with Find-MgGraphCommand or the cmdlet map (or use Microsoft Entra PowerShell).',
    source: AZUREAD_OVERVIEW,
  },
];

export const retiredCommands: readonly RetiredCommand[] = Object.freeze(
  table.map((entry) => {
    if (entry.parameters) Object.freeze(entry.parameters);
    if (entry.blockers) Object.freeze(entry.blockers);
    return Object.freeze(entry);
  }),
);

/** Why a blocker forbids the mechanical rewrite, by lower-cased parameter name. */
const blockerReasons: Record<string, string> = {
  page: 'the V2 cmdlet has no -Page',
  pagesize: 'the V2 cmdlet has no -PageSize',
  probetag: 'the V2 cmdlet has no -ProbeTag',
  all: 'AzureAD -All takes a Boolean while the Microsoft Graph -All is a switch (write -All without a value)',
  searchstring: 'Microsoft Graph PowerShell has no -SearchString (use -Filter "startsWith(displayName,\'...\')" or -Search with -ConsistencyLevel eventual)',
};

/** PowerShell common parameters and their aliases: allowed on every cmdlet, never renamed. */
const commonParameters = new Set([
  'debug',
  'db',
  'erroraction',
  'ea',
  'errorvariable',
  'ev',
  'informationaction',
  'infa',
  'informationvariable',
  'iv',
  'outbuffer',
  'ob',
  'outvariable',
  'ov',
  'pipelinevariable',
  'pv',
  'progressaction',
  'proga',
  'verbose',
  'vb',
  'warningaction',
  'wa',
  'warningvariable',
  'wv',
]);

/** Module qualifiers that go away with the retired cmdlet (`MSOnline\Get-MsolUser` -> `Get-MgUser`). */
const retiredQualifier = /^(?:MSOnline|AzureAD|AzureADPreview)$/i;

// --- Lexing: which characters are code, string or comment --------------------------------------------------------

const CODE = 0;
const STRING = 1;
const COMMENT = 2;

const singleQuotes = "'\u2018\u2019\u201A\u201B";
const doubleQuotes = '"\u201C\u201D\u201E';
const dashes = '-\u2013\u2014\u2015';
/** `set.includes(c)` for one character; false for the empty string (past either end of the text). */
const isIn = (set: string, c: string | undefined): boolean => c !== undefined && c.length === 1 && set.includes(c);

/** Marks each character of a PowerShell snippet as code, inside a string (quotes included) or inside a comment. */
function classify(text: string): Uint8Array {
  const kinds = new Uint8Array(text.length);
  const mark = (from: number, to: number, kind: number): void => {
    kinds.fill(kind, from, Math.min(to, text.length));
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1] ?? '';
    if (c === '@' && (isIn(singleQuotes, next) || isIn(doubleQuotes, next)) && /^[ \t]*\r?\n/.test(text.slice(i + 2))) {
      // Here-string: runs to a line that starts with the closing quote and @.
      const closing = new RegExp(`\\n[${isIn(singleQuotes, next) ? singleQuotes : doubleQuotes}]@`, 'g');
      closing.lastIndex = i + 2;
      const found = closing.exec(text);
      const end = found ? found.index + found[0].length : text.length;
      mark(i, end, STRING);
      i = end;
    } else if (isIn(singleQuotes, c)) {
      let j = i + 1;
      while (j < text.length) {
        if (isIn(singleQuotes, text[j])) {
          if (isIn(singleQuotes, text[j + 1])) j += 2;
          else break;
        } else j++;
      }
      mark(i, j + 1, STRING);
      i = j + 1;
    } else if (isIn(doubleQuotes, c)) {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === '`') j += 2;
        else if (isIn(doubleQuotes, text[j])) {
          if (isIn(doubleQuotes, text[j + 1])) j += 2;
          else break;
        } else j++;
      }
      mark(i, j + 1, STRING);
      i = j + 1;
    } else if (c === '<' && next === '#') {
      const close = text.indexOf('#>', i + 2);
      const end = close < 0 ? text.length : close + 2;
      mark(i, end, COMMENT);
      i = end;
    } else if (c === '#' && (i === 0 || /[\s;|{}()]/.test(text[i - 1]))) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      if (text[end - 1] === '\r') end--;
      mark(i, end, COMMENT);
      i = end;
    } else i++;
  }
  return kinds;
}

// --- Finding uses -------------------------------------------------------------------------------------------------

interface Found {
  use: RetiredUse;
  /** Where the cmdlet name starts and ends. */
  start: number;
  end: number;
  /** Where a retired module qualifier (`MSOnline\`) starts, when there is one. */
  qualifierStart?: number;
}

const stringEntries = new Map<string, RetiredCommand>();
const patternEntries: RetiredCommand[] = [];
for (const entry of retiredCommands) {
  if (typeof entry.cmdlet === 'string') stringEntries.set(entry.cmdlet.toLowerCase(), entry);
  else patternEntries.push(entry);
}

function entryFor(cmdlet: string): RetiredCommand | undefined {
  return stringEntries.get(cmdlet.toLowerCase()) ?? patternEntries.find((entry) => (entry.cmdlet as RegExp).test(cmdlet));
}

/** Whole hyphenated words; only a single Verb-Noun word is a cmdlet name ("My-Get-MessageTraceX" is not). */
const hyphenatedWord = /[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+/g;
const verbNoun = /^[A-Za-z]+-[A-Za-z][A-Za-z0-9]*$/;

function find(template: string, kinds: Uint8Array): Found[] {
  const found: Found[] = [];
  for (const match of template.matchAll(hyphenatedWord)) {
    const start = match.index ?? 0;
    const word = match[0];
    const end = start + word.length;
    if (kinds[start] !== CODE || !verbNoun.test(word)) continue;
    const before = template[start - 1] ?? '';
    const after = template[end] ?? '';
    // `$x-...`, `@x-...`, `.Get-...`, `-Get-...`, `/Get-...` are not commands; neither is `Get-MsolUser.ps1`.
    if (/[$@.:/]/.test(before) || isIn(dashes, before) || after === '.') continue;
    const entry = entryFor(word);
    if (!entry) continue;
    let qualifierStart: number | undefined;
    if (before === '\\') {
      const qualifier = /([A-Za-z0-9_.]+)\\$/.exec(template.slice(0, start));
      if (qualifier && retiredQualifier.test(qualifier[1])) qualifierStart = start - qualifier[0].length;
    }
    found.push({ use: { cmdlet: word, entry }, start, end, ...(qualifierStart !== undefined ? { qualifierStart } : {}) });
  }
  return found;
}

/** Every retired cmdlet used in a PowerShell template, in order (matched case-insensitively as a whole command word, not inside another name: Get-MessageTraceV2 is not Get-MessageTrace). */
export function retiredIn(template: string): RetiredUse[] {
  return find(template, classify(template)).map((found) => found.use);
}

// --- Arguments of one command -------------------------------------------------------------------------------------

interface Parameter {
  /** The name as written, without the dash. */
  name: string;
  /** Where the name (after the dash) starts. */
  start: number;
}

interface Arguments {
  parameters: Parameter[];
  /** `@params` splatting: the parameters cannot be known. */
  splatted: boolean;
}

/** The named parameters of the command whose name ends at `from`, up to the end of that command (`;`, `|`, `&`, an unescaped line end, a comment, or a closing bracket). Parameters of nested commands are not its own. */
function argumentsAt(template: string, kinds: Uint8Array, from: number): Arguments {
  const parameters: Parameter[] = [];
  let splatted = false;
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const kind = kinds[i];
    if (kind === COMMENT) {
      if (depth === 0) break;
      continue;
    }
    if (kind === STRING) continue;
    const c = template[i];
    if (c === '(' || c === '{' || c === '[') {
      depth++;
      continue;
    }
    if (c === ')' || c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === ';' || c === '|' || c === '&') break;
    if (c === '\r' || c === '\n') {
      const continued = template[i - 1] === '`' || (c === '\n' && template[i - 1] === '\r' && template[i - 2] === '`');
      if (continued) continue;
      break;
    }
    const spaced = /\s/.test(template[i - 1] ?? '');
    if (isIn(dashes, c) && spaced) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(template.slice(i + 1));
      if (name && /^(?:$|[\s:;|)}\]])/.test(template.slice(i + 1 + name[0].length, i + 2 + name[0].length))) {
        parameters.push({ name: name[0], start: i + 1 });
        i += name[0].length;
      }
    } else if (c === '@' && spaced && /[A-Za-z_]/.test(template[i + 1] ?? '')) splatted = true;
  }
  return { parameters, splatted };
}

// --- Rewriting ----------------------------------------------------------------------------------------------------

interface Replacement {
  start: number;
  end: number;
  text: string;
}

type Plan = { rewrite: Replacement[] } | { reason: string };

function planFor(found: Found, args: Arguments): Plan {
  const { entry } = found.use;
  if (!entry.replacement) return { reason: 'there is no single replacement cmdlet' };
  if (!entry.parameters) return { reason: 'the parameters differ' };
  if (args.splatted) return { reason: 'it passes parameters by splatting (@...)' };
  const blockers = new Set((entry.blockers ?? []).map((name) => name.toLowerCase()));
  for (const parameter of args.parameters) {
    const lower = parameter.name.toLowerCase();
    if (blockers.has(lower)) return { reason: `-${parameter.name}: ${blockerReasons[lower] ?? `${entry.replacement} does not take it`}` };
  }
  const renames = new Map(Object.entries(entry.parameters).map(([from, to]) => [from.toLowerCase(), to]));
  const rewrite: Replacement[] = [{ start: found.qualifierStart ?? found.start, end: found.end, text: entry.replacement }];
  for (const parameter of args.parameters) {
    const lower = parameter.name.toLowerCase();
    if (commonParameters.has(lower)) continue;
    const renamed = renames.get(lower);
    if (renamed === undefined) return { reason: `-${parameter.name} has no known equivalent on ${entry.replacement}` };
    if (renamed.toLowerCase() !== lower) rewrite.push({ start: parameter.start, end: parameter.start + parameter.name.length, text: renamed });
  }
  return { rewrite };
}

function noteFor(found: Found, plan: Plan): string {
  const { entry, cmdlet } = found.use;
  const name = typeof entry.cmdlet === 'string' ? entry.cmdlet : cmdlet;
  const head = `${name} is ${entry.status} since ${entry.since} (${entry.module})`;
  const use = entry.replacement ? `: use ${entry.replacement}.` : '.';
  const notRewritten = 'reason' in plan && entry.replacement ? ` Not rewritten automatically: ${plan.reason}.` : '';
  const unverified = entry.verified ? '' : ' (Not verified against Microsoft documentation.)';
  return `${head}${use}${notRewritten} ${entry.advice}${unverified} ${entry.source}`;
}

/** undefined when the template uses no retired cmdlet. Multi-line templates and several commands per line (`;`, `|`) are handled. */
export function modernise(template: string): Modernised | undefined {
  const kinds = classify(template);
  const uses = find(template, kinds);
  if (uses.length === 0) return undefined;
  const replacements: Replacement[] = [];
  const notes: string[] = [];
  let complete = true;
  for (const found of uses) {
    const plan = planFor(found, argumentsAt(template, kinds, found.end));
    if ('rewrite' in plan) replacements.push(...plan.rewrite);
    else complete = false;
    notes.push(noteFor(found, plan));
  }
  let text = template;
  for (const { start, end, text: replacement } of replacements.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, start) + replacement + text.slice(end);
  }
  return { template: text, complete, notes };
}
