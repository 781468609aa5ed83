// Typed chat commands: parsed from the message text (bot mentions already removed). Pure.

export type TextCommand =
  | { kind: 'start'; runbookHint?: string }
  | { kind: 'status'; incidentId?: string }
  | { kind: 'help' }
  | { kind: 'cancel'; incidentId?: string; reason: string }
  | { kind: 'note'; incidentId?: string; text: string }
  | { kind: 'escalate'; incidentId?: string; reason?: string }
  | { kind: 'handover'; incidentId?: string }
  | { kind: 'setSummaryChannel' }
  | { kind: 'unknown'; text: string };

const idPrefix = /^(INC-\d{8}-\d{3,})\s*/i;

/**
 * What a person typed, tidied but not changed: line breaks (CR LF, CR) become "\n" and are kept, a line's indentation is
 * kept, and only runs of spaces or tabs inside a line become one space (trailing ones go).
 */
export function typedLines(raw: string): string {
  return raw
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[ \t]+(?=\n|$)/g, '')
    .replace(/(?<=[^\s])[ \t]{2,}|(?<=[^\s])\t/g, ' ')
    .trim();
}

/** Reads one typed command; an optional leading incident id picks the incident when several are open. */
export function parseTextCommand(raw: string): TextCommand {
  const text = typedLines(raw);
  const idMatch = idPrefix.exec(text);
  const incidentId = idMatch ? idMatch[1].toUpperCase() : undefined;
  const rest = idMatch ? text.slice(idMatch[0].length) : text;
  // The command is read from one flowed line; what follows the command word keeps the person's lines (a note, a reason).
  const flat = rest.replace(/\s+/g, ' ');
  const lower = flat.toLowerCase();
  const word = lower.split(' ')[0] ?? '';
  const tail = rest.slice(word.length).trim();
  const scoped = incidentId ? { incidentId } : {};

  if (/^(start|new incident|open incident|new)\b/.test(lower) && !incidentId) {
    const hint = flat.replace(/^(start|new incident|open incident|new)\s*/i, '').trim();
    return { kind: 'start', ...(hint ? { runbookHint: hint } : {}) };
  }
  if (/^set summary channel$/.test(lower)) return { kind: 'setSummaryChannel' };
  switch (word) {
    case 'status':
      return { kind: 'status', ...scoped };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'cancel':
      return { kind: 'cancel', ...scoped, reason: tail };
    case 'note':
      return { kind: 'note', ...scoped, text: tail };
    case 'escalate':
      return { kind: 'escalate', ...scoped, ...(tail ? { reason: tail } : {}) };
    case 'handover':
    case 'hand':
      return { kind: 'handover', ...scoped };
    case '':
      return incidentId ? { kind: 'status', incidentId } : { kind: 'help' };
    default:
      return { kind: 'unknown', text: [...text.replace(/\s+/g, ' ')].slice(0, 80).join('') };
  }
}
