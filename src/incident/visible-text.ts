// Pure: characters that disguise text made visible, for every place user text is shown (cards, evidence pack, replies).

/** C0/C1 controls (except tab, CR, LF), bidi overrides that disguise text, and lone surrogates. */
const unsafeChars =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with each unsafe character replaced by U+FFFD, so it shows instead of acting. */
export function visibleText(text: string): string {
  return text.replace(unsafeChars, '\uFFFD');
}
