import { analyseTemplate, escapeFor, normaliseTemplate, templateProblems, type PlaceholderContext } from '../../src/runbook/template-quoting';

/** Name and context of each fillable site, in order. */
const contexts = (template: string): Array<[string, PlaceholderContext]> => analyseTemplate(template).sites.map((s) => [s.name, s.context]);

describe('analyseTemplate: contexts of safe templates', () => {
  it.each<[string, string, Array<[string, PlaceholderContext]>]>([
    ['bare argument', 'Get-Mailbox -Identity <m>', [['m', 'bare']]],
    [
      'bare in parentheses, after a comma and before a pipe',
      'Get-X -A (<a>),<b>|Out-Y',
      [
        ['a', 'bare'],
        ['b', 'bare'],
      ],
    ],
    ['bare after -Name:', 'Get-Mailbox -Identity:<m> -ResultSize 1', [['m', 'bare']]],
    ['single-quoted', "Get-Mailbox -Identity '<m>'", [['m', 'single']]],
    ['double-quoted', 'Get-Mailbox -Identity "<m>"', [['m', 'double']]],
    ['smart single quotes', 'Get-Mailbox -Identity \u2018<m>\u2019', [['m', 'single']]],
    ['low and reversed smart single quotes', 'Get-Mailbox -Identity \u201a<m>\u201b', [['m', 'single']]],
    ['smart double quotes', 'Get-Mailbox -Identity \u201c<m>\u201d', [['m', 'double']]],
    ['low smart double quote', 'Get-Mailbox -Identity \u201e<m>\u201d', [['m', 'double']]],
    [
      'escaped quote before the placeholder',
      "Write-Output 'it''s <x>' <y>",
      [
        ['x', 'single'],
        ['y', 'bare'],
      ],
    ],
    [
      'doubled double quotes before it',
      'Write-Output "a ""b"" <x>" <y>',
      [
        ['x', 'double'],
        ['y', 'bare'],
      ],
    ],
    [
      'backtick-escaped double quote before it',
      'Write-Output "a `"b`" <x>" <y>',
      [
        ['x', 'double'],
        ['y', 'bare'],
      ],
    ],
    ['OPATH filter idiom', `Get-Recipient -Filter "Name -eq '<name>'"`, [['name', 'double-single']]],
    [
      'filter with an escaped quote and a second term',
      `Get-Recipient -Filter "Name -eq 'O''<n>' -and Alias -eq <a>"`,
      [
        ['n', 'double-single'],
        ['a', 'double'],
      ],
    ],
    ['doubled double quote inside a filter value', `Get-X -Filter "Name -eq 'a""<n>'"`, [['n', 'double-single']]],
    ['apostrophe with no closing quote', `Write-Host "Can't find <user>"`, [['user', 'double']]],
    ['double quotes inside a single-quoted string', `Write-Output 'say "<x>"'`, [['x', 'single']]],
    ['backtick-escaped $ before it', 'Write-Output "cost `$<x>"', [['x', 'double']]],
    ['subexpression holding a string with a parenthesis', 'Write-Output "$("a)" + 1) <x>"', [['x', 'double']]],
    [
      'two placeholders in one string',
      'Write-Output "<a> and <b>" \'<c>-<d>\'',
      [
        ['a', 'double'],
        ['b', 'double'],
        ['c', 'single'],
        ['d', 'single'],
      ],
    ],
    ['after a here-string', "$t = @'\nliteral <no\n'@\nGet-X <y>", [['y', 'bare']]],
    ['after a line comment', 'Get-X # note\nSet-Y <x>', [['x', 'bare']]],
    ['after a block comment', 'Get-X <# note #> <y>', [['y', 'bare']]],
    [
      'multi-line with backtick continuations',
      'Get-X -A <a> `\n  -B \'<b>\' `\n  -C "<c>"',
      [
        ['a', 'bare'],
        ['b', 'single'],
        ['c', 'double'],
      ],
    ],
    [
      'CRLF lines',
      'Get-X <a>\r\nGet-Y "<b>"',
      [
        ['a', 'bare'],
        ['b', 'double'],
      ],
    ],
  ])('%s', (_, template, expected) => {
    expect(analyseTemplate(template).problems).toEqual([]);
    expect(contexts(template)).toEqual(expected);
  });

  it('reports exact offsets of each site', () => {
    expect(analyseTemplate("A '<x>' <yy>").sites).toEqual([
      { name: 'x', start: 3, end: 6, context: 'single' },
      { name: 'yy', start: 8, end: 12, context: 'bare' },
    ]);
  });
});

describe('analyseTemplate: unsafe templates', () => {
  it.each<[string, string, RegExp]>([
    ['subexpression in a double-quoted string', 'Write-Output "$(<x>)"', /<x> is inside a \$\( \) subexpression/],
    ['string inside a subexpression', `Write-Output "$(Get-Y '<x>')"`, /<x> is inside a \$\( \) subexpression/],
    ['single here-string', "Set-X @'\n<x>\n'@", /<x> is inside a here-string/],
    ['double here-string', 'Set-X @"\n<x>\n"@', /<x> is inside a here-string/],
    ['unterminated here-string', "Set-X @'\n<x>", /<x> is inside a here-string/],
    ['line comment', 'Get-X # for <x>', /<x> is inside a comment/],
    ['block comment over lines', 'Get-X <# for\n<x> #>', /<x> is inside a comment/],
    ['unterminated single-quoted string', "Get-X '<x>", /<x> is inside an unterminated single-quoted string/],
    ['unterminated double-quoted string', 'Get-X "<x>', /<x> is inside an unterminated double-quoted string/],
    ['string closed only by an escaped quote', 'Get-X "<x>`"', /<x> is inside an unterminated double-quoted string/],
    ['bare word with a prefix', 'Get-User user-<id>', /<id> is part of the larger bare word "user-<id>".*quote the whole word: 'user-<id>'/],
    ['bare word with a suffix', 'Get-X <domain>.com', /<domain> is part of the larger bare word "<domain>.com"/],
    ['variable name', 'Get-X $<x>', /<x> is part of the larger bare word "\$<x>".*make it a separate argument/],
    ['quoted text glued to it', "Get-X 'a'<x>", /<x> is part of the larger bare word/],
    ['escaping backtick outside strings', 'Get-X `<x>', /<x> is part of the larger bare word/],
    ['$ right before it in a double-quoted string', 'Write-Output "$<x>"', /<x> directly follows a \$variable/],
    ['variable with a drive right before it', 'Write-Output "$env:<x>"', /<x> directly follows a \$variable/],
    ['escaping backtick in a double-quoted string', 'Write-Output "`<x>"', /<x> directly follows an escaping backtick/],
    ['braced variable name', 'Get-X ${<x>}', /<x> is inside a braced variable name/],
    ['braced variable in a string', 'Get-X "${<x>}"', /<x> is inside a braced variable name/],
    ['# inside a word, then a quote that PowerShell reads as a string', "Get-X a#'\n<x>'", /<x> comes after a #, <# or @ quote inside a word/],
    ['# right after a string', "Get-X 'a'# <x>", /<x> comes after a #, <# or @ quote inside a word/],
    ['@ quote inside a word', "Get-X a@'b' <x>", /<x> comes after a #, <# or @ quote inside a word/],
    ['stop-parsing token', 'cmd.exe /c --% echo <x>', /<x> comes after the stop-parsing token/],
    ['after an expandable here-string with a subexpression', 'Set-X @"\n$(Get-Y)\n"@\nGet-Z <x>', /<x> comes after a double-quoted here-string/],
  ])('%s', (_, template, reason) => {
    const { problems } = analyseTemplate(template);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(reason);
    expect(templateProblems(template)).toEqual(problems);
  });

  it('names each unsafe placeholder once per reason and keeps the safe sites', () => {
    const { sites, problems } = analyseTemplate('Get-X <a> # <b> <b>\nSet-Y user-<c>');
    expect(sites.map((s) => s.name)).toEqual(['a']);
    expect(problems).toEqual([
      'placeholder <b> is inside a comment, where a value with a line break would run as code; move it out of the comment',
      `placeholder <c> is part of the larger bare word "user-<c>", so PowerShell would join the value with the text around it; quote the whole word: 'user-<c>'`,
    ]);
  });

  it('a template without placeholders has no problems, whatever else it holds', () => {
    expect(templateProblems("Get-X 'unterminated # @'")).toEqual([]);
  });
});

describe('normaliseTemplate', () => {
  it.each<[string, string, number]>([
    ["Get-Mailbox -Identity '<m>'", 'Get-Mailbox -Identity <m>', 1],
    ['Get-Mailbox -Identity "<m>" -ResultSize 1', 'Get-Mailbox -Identity <m> -ResultSize 1', 1],
    ['Get-Mailbox -Identity \u201c<m>\u201d', 'Get-Mailbox -Identity <m>', 1],
    ['Get-Mailbox -Identity \u2018<m>\u2019; Get-Y', 'Get-Mailbox -Identity <m>; Get-Y', 1],
    ["Get-Mailbox -Identity:'<m>'", 'Get-Mailbox -Identity:<m>', 1],
    ['Get-User user-<id>', "Get-User 'user-<id>'", 1],
    ['Get-X <domain>.com', "Get-X '<domain>.com'", 1],
    ['Connect-SPOService -Url https://<tenant>-admin.sharepoint.com', "Connect-SPOService -Url 'https://<tenant>-admin.sharepoint.com'", 1],
    ['Get-X <a>-<b> -Y "<c>"', "Get-X '<a>-<b>' -Y <c>", 2],
    ["Get-X '<a>-<b>'", "Get-X '<a>-<b>'", 0],
    [`Get-X -Filter "Name -eq '<n>'"`, `Get-X -Filter "Name -eq '<n>'"`, 0],
    ["Get-X '<a>'x", "Get-X '<a>'x", 0],
    ['Get-X $<x>', 'Get-X $<x>', 0],
    ['Get-X -Name:user-<id>', 'Get-X -Name:user-<id>', 0],
    ['Get-X <m>', 'Get-X <m>', 0],
  ])('%j -> %j', (input, output, noteCount) => {
    const { template, notes } = normaliseTemplate(input);
    expect(template).toBe(output);
    expect(notes).toHaveLength(noteCount);
    expect(normaliseTemplate(template)).toEqual({ template, notes: [] });
  });

  it('says what it changed, in words', () => {
    expect(normaliseTemplate("Get-X '<m>' user-<id>").notes).toEqual([
      'removed the quotes around <m>: the bot quotes each value itself',
      "quoted the bare word user-<id> as 'user-<id>' so the value stays inside one string",
    ]);
  });

  it('leaves a normalised word template safe', () => {
    expect(templateProblems(normaliseTemplate('Get-User user-<id>').template)).toEqual([]);
  });
});

describe('escapeFor', () => {
  it.each<[PlaceholderContext, string, string]>([
    ['bare', "o'brien", "'o''brien'"],
    ['bare', '$(x)`"', "'$(x)`\"'"],
    ['single', "o'brien\u2019s", "o''brien\u2019\u2019s"],
    ['single', '$x "y"', '$x "y"'],
    ['double', 'a`b$c"d\u201ce\u201df\u201eg\'h', 'a``b`$c`"d`\u201ce`\u201df`\u201eg\'h'],
    ['double-single', "O'Neil $x `", "O''Neil `$x ``"],
    ['double-single', '\u2018"', '\u2018\u2018`"'],
  ])('%s %j -> %j', (context, value, text) => {
    expect(escapeFor(context, value)).toBe(text);
  });
});
