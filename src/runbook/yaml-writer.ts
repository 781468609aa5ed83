import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { RunbookDraft } from './draft';
import { yamlSchemaComment } from './json-schema';

// Pure: a runbook definition -> YAML text in the style of the hand-written files (schema comment, short lists inline).

/** Keys whose list values are written inline: `in: [tenant]`, `actions: [a, b]`. */
const inlineLists = new Set(['in', 'actions', 'ndrCategories']);
/** Keys whose small maps are written inline: `bind: { sender: sender }`, and the items of `steps` and `choices`. */
const inlineMaps = new Set(['bind']);
const inlineItems = new Set(['steps', 'choices']);
/** Commands longer than this are written as a literal block (`|-`), so they are never folded. */
const longTemplate = 100;
/** Strings a YAML 1.1 reader (or a person) would take for something else: booleans, null, dates, numbers. */
const ambiguous = /^(?:y|n|yes|no|on|off|true|false|null|~|\d{4}-\d{2}-\d{2}.*|[-+]?\d[\d._]*)$/i;

/** YAML for one runbook, starting with the yaml-language-server schema comment and the given comment lines. */
export function runbookToYaml(runbook: RunbookDraft, comments: string[] = []): string {
  const doc = new Document(runbook);
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (inlineLists.has(key) && isSeq(pair.value)) pair.value.flow = true;
      if (inlineMaps.has(key) && isMap(pair.value)) pair.value.flow = true;
      if (inlineItems.has(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      }
      if (key === 'template' && isScalar(pair.value) && String(pair.value.value).length > longTemplate) pair.value.type = 'BLOCK_LITERAL';
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && ambiguous.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const header = [yamlSchemaComment, ...comments.map((c) => `# ${c}`)].join('\n');
  return `${header}\n${doc.toString({ lineWidth: 120, minContentWidth: 40 })}`;
}
