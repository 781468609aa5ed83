import { findSection, labelledParagraphs, listItems, parseLabel, parseMarkdown, plainText } from '../../src/runbook/markdown-sections';

const md = [
  '# Title',
  '',
  '## Table of Contents',
  '',
  'Common Symptoms .....\t2',
  '',
  '## 2. Common Symptoms:',
  '',
  '- First **bold** item',
  '  continued here.',
  '* Second `code` item',
  '',
  '### Sub heading stays inside',
  '',
  '1. Numbered [link](https://example.com) item',
  '',
  '## Command Starters',
  '',
  '```powershell',
  '# not a heading',
  'Get-Thing -Name <name>',
  '```',
  '',
  '## Decision Path',
  '',
  '| Finding | Next |',
  '|:--|--:|',
  '| A | Do B. |',
  '',
  '**Audience:** admins and leads',
  '',
  'More about the audience.',
  '',
  '**Other**: value',
].join('\n');

describe('parseMarkdown', () => {
  const doc = parseMarkdown(md);

  test('records headings outside code and splits sections at levels 1 and 2', () => {
    expect(doc.headings.map((h) => [h.level, h.text])).toEqual([
      [1, 'Title'],
      [2, 'Table of Contents'],
      [2, '2. Common Symptoms:'],
      [3, 'Sub heading stays inside'],
      [2, 'Command Starters'],
      [2, 'Decision Path'],
    ]);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Title', 'Table of Contents', '2. Common Symptoms:', 'Command Starters', 'Decision Path']);
  });

  test('finds sections loosely by name and reads list items with continuations as plain text', () => {
    expect(listItems(findSection(doc, 'common symptoms'))).toEqual(['First bold item continued here.', 'Second code item', 'Numbered link item']);
    expect(findSection(doc, 'Remediation Actions')).toBeUndefined();
  });

  test('keeps fenced code verbatim and reads tab and pipe tables', () => {
    expect(findSection(doc, 'Command Starters')?.blocks).toEqual([{ kind: 'code', lines: ['# not a heading', 'Get-Thing -Name <name>'], line: 19 }]);
    expect(findSection(doc, 'Table of Contents')?.blocks).toEqual([{ kind: 'table', rows: [['Common Symptoms .....', '2']], line: 5 }]);
    expect(findSection(doc, 'Decision Path')?.blocks[0]).toEqual({ kind: 'table', rows: [['Finding', 'Next'], ['A', 'Do B.']], line: 26 });
  });

  test('reads bold labels with their follow-on paragraphs', () => {
    expect(labelledParagraphs(doc.sections)).toEqual([
      { label: 'Audience', text: 'admins and leads', more: ['More about the audience.'] },
      { label: 'Other', text: 'value', more: [] },
    ]);
    expect(parseLabel('**Not a label** here')).toBeUndefined();
    expect(plainText('**a** _b_ `c` [d](https://x.y) snake_case_name')).toBe('a b c d snake_case_name');
  });
});
