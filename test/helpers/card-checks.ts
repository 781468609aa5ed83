import type * as ACTypes from 'adaptivecards';
import type { AdaptiveCard } from '../../src/cards';

// Card checks for tests: the adaptivecards 3.0.6 parser's verdict, and walks over a card's elements.

// The package's `main` (lib/) is untranspiled ES modules that jest cannot load; its UMD bundle is the same code.
// Parsing and validating need no DOM (no `document` shim).
const AC: typeof ACTypes = require('adaptivecards/dist/adaptivecards.js');

/** Every parse and validation event of the adaptivecards parser, read as a 1.5 host would, in words. */
/** Teams-only elements the 1.5 parser does not know; every use must carry a fallback (checked in card-validity). */
const teamsOnlyElements = ['CodeBlock'];

export function parserProblems(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    if (e.event === AC.ValidationEvent.UnknownElementType && teamsOnlyElements.some((t) => e.message.includes(`"${t}"`))) continue;
    problems.push(`parse ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    problems.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
}

type Node = Record<string, unknown>;

/** Every object in the card (elements, actions, inline cards), depth first. */
export function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      out.push(value as Node);
      for (const [key, child] of Object.entries(value)) if (key !== 'data') visit(child);
    }
  };
  visit(card);
  return out;
}

export interface ExecuteNode {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  associatedInputs?: string;
}

export const executeActions = (card: unknown): ExecuteNode[] => nodes(card).filter((n) => n.type === 'Action.Execute') as unknown as ExecuteNode[];

export const inputs = (card: unknown): Node[] => nodes(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.'));

export const textBlocks = (card: unknown): string[] =>
  nodes(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));

/** All text a reader sees: TextBlocks, facts, input labels and action titles. */
export function visibleText(card: unknown): string {
  return nodes(card)
    .flatMap((n) => [n.type === 'TextBlock' ? n.text : undefined, n.title, n.value, n.label].filter((v) => typeof v === 'string'))
    .join('\n');
}

/** The action with this title (first match), or a thrown error naming the titles there are. */
export function actionTitled(card: unknown, title: string): ExecuteNode {
  const all = executeActions(card);
  const found = all.find((a) => a.title === title);
  if (!found) throw new Error(`no action "${title}"; actions: ${all.map((a) => a.title).join(', ')}`);
  return found;
}

/** What a TextBlock markdown renderer shows for escaped text: backslash escapes of ASCII punctuation removed. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Characters of `text` in `set` that are not preceded by an odd run of backslashes. */
export function unescapedIn(text: string, set: RegExp): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (set.test(text[i]!)) found.push(text[i]!);
  }
  return found;
}

/** True when `raw` occurs in `text` with its first character not backslash-escaped (an even run of backslashes before it). */
export function liveIn(text: string, raw: string): boolean {
  for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1)) {
    let slashes = 0;
    while (at - slashes - 1 >= 0 && text[at - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 0) return true;
  }
  return false;
}
