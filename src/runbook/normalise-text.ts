// Pure: the document's characters made plain before parsing: BOM, CRLF, non-breaking and odd spaces, smart quotes.

const oddSpaces = /[\u00a0\u2007\u202f\u2000-\u200a\u3000]/g;
const zeroWidth = /\u200b|\u200c|\u200d|\u2060|\ufeff/g; // alternation: a class would join U+200D with its neighbours

/** Same document with straight quotes, plain spaces and LF line ends; dashes are kept (the importer reads them). */
export function normaliseText(markdown: string): string {
  return markdown
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(zeroWidth, '')
    .replace(oddSpaces, ' ')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"');
}

/** Text compared by meaning: lower case, numbering, punctuation and extra spaces removed. */
export function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
