import { visibleText } from '../incident/visible-text';

// User text on cards: shown literally in TextBlock / Fact markdown, and cut to a length before it is.

/**
 * Characters that start markdown, HTML or entities anywhere on a line: emphasis (* _), strike (~), code (`),
 * links and images ([ ] ( )), headings (#), quotes (>), HTML, mentions and autolinks (<), entities (&), tables (|).
 * Each gets a CommonMark backslash escape (the backslash too, in the same pass).
 */
const inlineSpecials = /[\\`*_~[\]()#<>&|]/g;

const lineBreak = /\r\n|[\r\n\u2028\u2029]/;

/**
 * Anything the passes below would change (a superset: every character they touch, two spaces, and a line starting with
 * a space, tab, -, + or digit). Most text on a card has none of it and is returned as it is, at a fifteenth of the cost.
 */
const needsEscaping = /[\\`*_~[\]()#<>&|\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]| {2}|^[ \t\-+\d]/;

/**
 * Pure: text that a Teams TextBlock (markdown subset) renders as typed. Markdown, links, HTML tags, `<at>` mentions and
 * entities are neutralised with backslash escapes; indentation and runs of spaces become no-break spaces (no code
 * blocks, aligned columns stay aligned); each line break becomes a paragraph break so lines stay lines on every client.
 */
export function escapeMarkdown(text: string): string {
  if (!needsEscaping.test(text)) return text;
  return visibleText(text).split(lineBreak).map(escapeLine).join('\n\n');
}

function escapeLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const escaped = line
    .slice(indent.length)
    .replace(inlineSpecials, '\\$&')
    // Block markers that count only at the start of a line: bullets and rules (- +), ordered lists (1. ; "1)" is done).
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d{1,9})\.(?=[ \t]|$)/, '$1\\.')
    // Runs of spaces keep their width (aligned command output): one space, then no-break spaces.
    .replace(/ {2,}/g, (run) => ` ${'\u00a0'.repeat(run.length - 1)}`);
  return indent.replace(/\t/g, '    ').replace(/ /g, '\u00a0') + escaped;
}

/** At most `max` characters (code points, never half a surrogate pair); longer text ends in "…". */
export function truncate(text: string, max: number): string {
  const limit = Math.max(1, Math.floor(max));
  if (text.length <= limit) return text;
  const points = [...text];
  if (points.length <= limit) return text;
  return `${points.slice(0, limit - 1).join('')}…`;
}

/** Cuts and escapes user text for a TextBlock; `max` is scaled when a card must shrink to fit. */
export type Clip = (text: string | undefined, max: number) => string;

/** A Clip whose limits are multiplied by `scale` (1 = nominal lengths), never below 40 characters. */
export function clipper(scale = 1): Clip {
  return (text, max) => escapeMarkdown(truncate(text ?? '', Math.max(40, Math.floor(max * scale))));
}
