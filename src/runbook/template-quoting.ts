// A small PowerShell lexer over command templates: the quoting context of every <name> placeholder, and how to escape a value for it.

export type PlaceholderContext = 'bare' | 'single' | 'double' | 'double-single';

export interface PlaceholderSite {
  name: string;
  start: number;
  end: number;
  context: PlaceholderContext;
}

/** One occurrence as the lexer saw it, with the problem that makes it unsafe and the edit normaliseTemplate may make. */
interface Occurrence extends PlaceholderSite {
  problem?: string;
  unquote?: [number, number];
  wrap?: [number, number];
}

/** Same placeholder syntax as the schema's placeholdersIn(). */
const placeholder = /<([A-Za-z][A-Za-z0-9_-]*)>/g;
const singleQuotes = "'\u2018\u2019\u201a\u201b";
const doubleQuotes = '"\u201c\u201d\u201e';
const delimiters = ' \t\f\v\r\n;|(){},';
const lineEnds = '\r\n';

const reasons = {
  comment: 'is inside a comment, where a value with a line break would run as code; move it out of the comment',
  hereString: 'is inside a here-string (@\' \'@ or @" "@); make it a bare argument instead',
  subexpression: 'is inside a $( ) subexpression of a double-quoted string, where a value would run as code; make it a bare argument',
  braced: 'is inside a braced variable name ${...}, which no quoting protects',
  variable: 'directly follows a $variable in a double-quoted string, so the value would extend the variable name; add a space or escape the $ with a backtick',
  backtick: 'directly follows an escaping backtick, so the escape would apply to the value; remove the backtick',
  stopParsing: 'comes after the stop-parsing token --%, after which PowerShell passes text on unquoted',
  afterHere: 'comes after a double-quoted here-string with a $( ) subexpression, whose end cannot be found safely',
  midWord: 'comes after a #, <# or @ quote inside a word, which PowerShell may read as text or as a comment or here-string; put a space before it',
} as const;

const isIn = (set: string, c: string | undefined): boolean => c !== undefined && c.length === 1 && set.includes(c);
const isParamPrefix = (text: string): boolean => /^-[A-Za-z][A-Za-z0-9_]*:$/.test(text);
/** A word PowerShell reads literally whether or not it is single-quoted (placeholders count as letters). */
const isPlainWord = (word: string): boolean => /^[\p{L}\p{N}_][\p{L}\p{N}_.@:/\\+-]*$/u.test(word.replace(placeholder, 'x'));

class Lexer {
  readonly found: Occurrence[] = [];
  private readonly marks = new Map<number, { name: string; end: number }>();
  private poison: string | undefined;

  constructor(private readonly s: string) {
    for (const m of s.matchAll(placeholder)) {
      const at = m.index ?? 0;
      this.marks.set(at, { name: m[1], end: at + m[0].length });
    }
  }

  private endOf(at: number): number {
    return this.marks.get(at)?.end ?? at + 1;
  }

  private fail(o: Occurrence, reason: string): void {
    o.problem ??= `placeholder <${o.name}> ${reason}`;
  }

  private add(at: number, context: PlaceholderContext, reason?: string): Occurrence {
    const o: Occurrence = { name: this.marks.get(at)?.name ?? '', start: at, end: this.endOf(at), context };
    const why = this.poison ?? reason;
    if (why) this.fail(o, why);
    this.found.push(o);
    return o;
  }

  private refuseRange(from: number, to: number, reason: string): void {
    for (const at of this.marks.keys()) if (at >= from && at < to) this.add(at, 'bare', reason);
  }

  /** Code from i (outside strings); with untilParen, up to and past the `)` that closes a `$(`. */
  code(i: number, untilParen: boolean, refuse?: string): number {
    const s = this.s;
    let depth = 0;
    let tokenStart = i;
    let prevDelim = true;
    while (i < s.length) {
      const c = s[i];
      const quote = isIn(singleQuotes, c) ? 'single' : isIn(doubleQuotes, c) ? 'double' : undefined;
      const opensSpecial = c === '#' || (c === '<' && s[i + 1] === '#') || (c === '@' && isIn(singleQuotes + doubleQuotes, s[i + 1]));
      if (opensSpecial && !prevDelim) this.poison ??= reasons.midWord;
      let next: number;
      let delimAfter = false;
      if (this.marks.has(i)) {
        this.bare(i, tokenStart, prevDelim, refuse);
        next = this.endOf(i);
      } else if (c === '`' && !this.marks.has(i + 1)) {
        next = i + 2;
        delimAfter = isIn(lineEnds, s[i + 1]);
      } else if (opensSpecial && prevDelim) {
        next = c === '@' ? this.hereString(i, refuse) : this.comment(i);
      } else if (quote) {
        const whole = !refuse && (prevDelim || isParamPrefix(s.slice(tokenStart, i)));
        next = quote === 'single' ? this.single(i, refuse, whole) : this.double(i, refuse, whole);
      } else if (c === '$' && s[i + 1] === '{') {
        next = this.braced(i, refuse);
      } else {
        if (prevDelim && s.startsWith('--%', i) && (i + 3 >= s.length || isIn(delimiters, s[i + 3]))) this.poison ??= reasons.stopParsing;
        if (untilParen && c === ')' && depth === 0) return i + 1;
        if (untilParen) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
        next = i + 1;
        delimAfter = isIn(delimiters, c);
      }
      prevDelim = delimAfter;
      if (delimAfter) tokenStart = next;
      i = next;
    }
    return s.length;
  }

  private bare(at: number, tokenStart: number, prevDelim: boolean, refuse?: string): void {
    const s = this.s;
    const end = this.endOf(at);
    const startsToken = prevDelim || isParamPrefix(s.slice(tokenStart, at));
    if (refuse || (startsToken && (end >= s.length || isIn(delimiters, s[end])))) {
      this.add(at, 'bare', refuse);
      return;
    }
    let tokenEnd = end;
    while (tokenEnd < s.length && !isIn(delimiters, s[tokenEnd])) tokenEnd += 1;
    const word = s.slice(tokenStart, tokenEnd);
    const plain = isPlainWord(word);
    const advice = plain ? `quote the whole word: '${word}'` : 'make it a separate argument or quote the whole word';
    const o = this.add(
      at,
      'bare',
      `is part of the larger bare word ${JSON.stringify(word)}, so PowerShell would join the value with the text around it; ${advice}`,
    );
    if (plain && !this.poison) o.wrap = [tokenStart, tokenEnd];
  }

  private offerUnquote(open: number, close: number, inside: Occurrence[], whole: boolean): void {
    const [only] = inside;
    const argEnd = close + 1 >= this.s.length || isIn(delimiters, this.s[close + 1]);
    if (whole && argEnd && inside.length === 1 && only.start === open + 1 && only.end === close && !only.problem) only.unquote = [open, close];
  }

  private single(q: number, refuse: string | undefined, whole: boolean): number {
    const s = this.s;
    const inside: Occurrence[] = [];
    for (let i = q + 1; i < s.length;) {
      if (this.marks.has(i)) {
        inside.push(this.add(i, 'single', refuse));
        i = this.endOf(i);
      } else if (isIn(singleQuotes, s[i]) && isIn(singleQuotes, s[i + 1])) {
        i += 2;
      } else if (isIn(singleQuotes, s[i])) {
        this.offerUnquote(q, i, inside, whole);
        return i + 1;
      } else {
        i += 1;
      }
    }
    inside.forEach((o) => this.fail(o, 'is inside an unterminated single-quoted string; close the string'));
    return s.length;
  }

  private double(q: number, refuse: string | undefined, whole: boolean): number {
    const s = this.s;
    const inside: Occurrence[] = [];
    let innerOpen: Occurrence[] | undefined;
    for (let i = q + 1; i < s.length;) {
      const c = s[i];
      let mark = this.marks.has(i) ? i : -1;
      let reason: string | undefined = refuse;
      if (c === '`' && this.marks.has(i + 1)) [mark, reason] = [i + 1, refuse ?? reasons.backtick];
      if (c === '$' && s[i + 1] !== '(' && s[i + 1] !== '{') {
        let j = i + 1;
        while (j < s.length && /[\p{L}\p{N}_?:^]/u.test(s[j])) j += 1;
        if (!this.marks.has(j)) {
          i = j;
          continue;
        }
        [mark, reason] = [j, refuse ?? reasons.variable];
      }
      if (mark >= 0) {
        const o = this.add(mark, innerOpen ? 'double-single' : 'double', reason);
        inside.push(o);
        innerOpen?.push(o);
        i = this.endOf(mark);
      } else if (c === '`') {
        if (isIn(singleQuotes, s[i + 1])) innerOpen = innerOpen ? undefined : [];
        i += 2;
      } else if (isIn(doubleQuotes, c) && isIn(doubleQuotes, s[i + 1])) {
        i += 2;
      } else if (isIn(doubleQuotes, c)) {
        innerOpen?.forEach((o) => (o.context = 'double'));
        this.offerUnquote(q, i, inside, whole);
        return i + 1;
      } else if (c === '$' && s[i + 1] === '(') {
        i = this.code(i + 2, true, refuse ?? reasons.subexpression);
      } else if (c === '$') {
        i = this.braced(i, refuse);
      } else {
        if (isIn(singleQuotes, c)) innerOpen = innerOpen ? undefined : [];
        i += 1;
      }
    }
    inside.forEach((o) => this.fail(o, 'is inside an unterminated double-quoted string; close the string'));
    return s.length;
  }

  private braced(i: number, refuse?: string): number {
    const s = this.s;
    for (i += 2; i < s.length && s[i] !== '}';) {
      if (this.marks.has(i)) this.add(i, 'bare', refuse ?? reasons.braced);
      i = this.marks.has(i) ? this.endOf(i) : s[i] === '`' && !this.marks.has(i + 1) ? i + 2 : i + 1;
    }
    return Math.min(i + 1, s.length);
  }

  private comment(i: number): number {
    const s = this.s;
    const block = s[i] === '<';
    const close = block ? s.indexOf('#>', i + 2) : s.slice(i).search(/[\r\n]/);
    const end = close < 0 ? s.length : block ? close + 2 : i + close;
    this.refuseRange(i, end, reasons.comment);
    return end;
  }

  private hereString(i: number, refuse?: string): number {
    const s = this.s;
    const expandable = isIn(doubleQuotes, s[i + 1]);
    const footer = s.slice(i + 2).search(expandable ? /[\r\n]["\u201c\u201d\u201e]@/ : /[\r\n]['\u2018\u2019\u201a\u201b]@/);
    const end = footer < 0 ? s.length : i + 2 + footer + 3;
    this.refuseRange(i, end, refuse ?? reasons.hereString);
    if (expandable && s.slice(i, end).includes('$(')) this.poison ??= reasons.afterHere;
    return end;
  }
}

/** Commands that run a string as PowerShell or shell code. */
const codeRunners =
  /\b(?:Invoke-Expression|iex|Invoke-Command|Start-Job|Start-ThreadJob|Add-Type|New-Module)\b|\[scriptblock\]\s*::\s*Create|\$ExecutionContext|\b(?:powershell|pwsh)(?:\.exe)?\b|\bcmd(?:\.exe)?\s+\/[ck]\b|\s-(?:Command|EncodedCommand|ArgumentList|ScriptBlock)\b/i;

function lex(template: string): Occurrence[] {
  const lexer = new Lexer(template);
  lexer.code(0, false);
  return lexer.found.sort((a, b) => a.start - b.start);
}

/** Every safe placeholder occurrence with its context, and the problems (in words, naming the placeholder) that make the template unsafe to fill: with any, fill none. */
export function analyseTemplate(template: string): { sites: PlaceholderSite[]; problems: string[] } {
  const found = lex(template);
  const problems = [...new Set(found.flatMap((o) => (o.problem ? [o.problem] : [])))];
  const sites = found.filter((o) => !o.problem).map(({ name, start, end, context }) => ({ name, start, end, context }));
  const runsCode = codeRunners.exec(template)?.[0];
  if (runsCode && sites.length > 0) {
    // A quoted value is still code to Invoke-Expression, -Command, cmd /c and the like: no escaping makes that safe.
    problems.push(
      ...[...new Set(sites.map((x) => x.name))].map(
        (name) => `placeholder <${name}> is in a command that runs text as code (${runsCode.trim()}): fill it in by hand`,
      ),
    );
    return { sites: [], problems };
  }
  const called = sites.find((x) => x.context === 'bare' && /(?:^|[;|{(]\s*|\n\s*)[&.]\s*$/.test(template.slice(0, x.start)));
  if (called) return { sites: [], problems: [...problems, `placeholder <${called.name}> is the command itself (after & or .): fill it in by hand`] };
  return { sites, problems };
}

/** Problems only (empty when safe); used by the schema so runbooks:check refuses unsafe hand-written YAML. */
export function templateProblems(template: string): string[] {
  return analyseTemplate(template).problems;
}

/** Importer normalisation: author quotes around a whole-argument placeholder go; a plain bare word holding one gets single-quoted. */
export function normaliseTemplate(template: string): { template: string; notes: string[] } {
  const edits = new Map<string, { at: number; remove: number; insert: string }>();
  const notes: string[] = [];
  for (const o of lex(template)) {
    if (o.unquote) {
      o.unquote.forEach((at) => edits.set(`u${at}`, { at, remove: 1, insert: '' }));
      notes.push(`removed the quotes around <${o.name}>: the bot quotes each value itself`);
    } else if (o.wrap && !edits.has(`w${o.wrap[0]}`)) {
      const [from, to] = o.wrap;
      edits.set(`w${from}`, { at: from, remove: 0, insert: "'" }).set(`v${to}`, { at: to, remove: 0, insert: "'" });
      const word = template.slice(from, to);
      notes.push(`quoted the bare word ${word} as '${word}' so the value stays inside one string`);
    }
  }
  let out = template;
  for (const e of [...edits.values()].sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.insert + out.slice(e.at + e.remove);
  return { template: out, notes };
}

/** The text to substitute for a value in a context. */
export function escapeFor(context: PlaceholderContext, value: string): string {
  const doubled = value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q);
  if (context === 'bare') return `'${doubled}'`;
  if (context === 'single') return doubled;
  return (context === 'double' ? value : doubled).replace(/[`$"\u201c\u201d\u201e]/g, (c) => `\`${c}`);
}
