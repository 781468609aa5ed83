import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionView } from '../../src/cards/decision-view';
import { cancelledView, closedView } from '../../src/cards/ended-views';
import { clipper } from '../../src/cards/escape';
import { evidenceView } from '../../src/cards/evidence-view';
import { footerView, headerView } from '../../src/cards/incident-frame';
import { intakeView } from '../../src/cards/intake-view';
import { investigationView } from '../../src/cards/investigation-view';
import { remediationView } from '../../src/cards/remediation-view';
import { summaryEditorView } from '../../src/cards/summary-editor-view';
import { compileTemplate, libraryBind, templatesDir } from '../../src/cards/templates';
import { triageView } from '../../src/cards/triage-view';
import { validationView } from '../../src/cards/validation-view';
import type { ViewContext } from '../../src/cards/view-context';
import type { Incident, Phase } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import { maximal, seed, sharepoint, sharepointValues, typical, walkAnyRunbook, walkSeed } from '../helpers/card-incidents';

// Compiled templates bind exactly as adaptivecards-templating does: the same JSON for every real view and for the edge cases.

const payloadOf = (name: string) => JSON.parse(readFileSync(join(templatesDir(), `${name}.json`), 'utf8')) as unknown;
const both = (payload: unknown, view: object) => ({ compiled: compileTemplate(payload)(view), library: libraryBind(payload)(view) });

describe('edge cases of the binding language', () => {
  const payload = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      { type: 'TextBlock', text: '${title}', size: '${size}' },
      { type: 'TextBlock', text: 'Hello ${name}, ${count} new (${missing.deep})' },
      { type: 'TextBlock', $when: '${shown}', text: 'shown' },
      { type: 'TextBlock', $when: "${kind == 'text'}", text: 'text kind' },
      { type: 'TextBlock', $when: "${more != ''}", text: '${more}' },
      { type: 'TextBlock', $when: '${!hidden}', text: 'not hidden' },
      { type: 'TextBlock', $when: '${a && !b}', text: 'a and not b' },
      { type: 'Container', $data: '${items}', items: [{ type: 'TextBlock', text: '${$index}: ${label} / ${$root.title}', $when: '${label != "skip"}' }] },
      { type: 'Container', $data: '${single}', items: [{ type: 'TextBlock', text: '${label}' }] },
      { type: 'ActionSet', actions: '${actions}' },
      '${flat}',
      { type: 'Input.Toggle', value: '${flag}', extra: { $when: '${never}', x: 1 } },
      { type: 'TextBlock', text: '${CaSe}' },
    ],
  };
  const views: [string, object][] = [
    ['every field given', { title: 'T ${x}', size: 'Large', name: 'Sam', count: 3, shown: true, kind: 'text', more: 'more', hidden: false, a: 1, b: false, items: [{ label: 'one' }, { label: 'skip' }, { label: 'three' }], single: { label: 'alone' }, actions: [{ type: 'Action.Execute' }], flat: [{ type: 'TextBlock', text: 'f1' }, null, { type: 'TextBlock', text: 'f2' }], flag: false, never: false, case: 'lower' }],
    ['nothing given', {}],
    ['odd values', { title: null, shown: 'yes', kind: 'choice', more: '', hidden: 'no', a: '', b: 0, items: [], single: null, actions: null, flat: 'x', flag: 0, never: 'true', CaSe: 'exact', count: 0 }],
    ['one item and undefined items', { items: [{ label: 'only' }], single: [undefined, { label: 'b' }] }],
  ];
  test.each(views)('%s', (_name, view) => {
    const { compiled, library } = both(payload, view);
    expect(compiled).toEqual(library);
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(library));
  });

  test('a template beyond the compiler binds with the library itself', () => {
    const beyond = { type: 'TextBlock', text: "${if(a, 'yes', 'no')}", list: '${items[0].x}' };
    const { compiled, library } = both(beyond, { a: true, items: [{ x: 'first' }] });
    expect(compiled).toEqual({ type: 'TextBlock', text: 'yes', list: 'first' });
    expect(compiled).toEqual(library);
  });

  test('a null inside an interpolated string fails the same way', () => {
    const p = { text: 'a ${n} b' };
    expect(() => libraryBind(p)({ n: null })).toThrow(TypeError);
    expect(() => compileTemplate(p)({ n: null })).toThrow(TypeError);
  });
});

const phaseViews: Record<Phase, [string, (ctx: ViewContext) => object]> = {
  intake: ['intake', intakeView],
  triage: ['triage', triageView],
  decision: ['decision', decisionView],
  investigation: ['investigation', investigationView],
  remediation: ['remediation', remediationView],
  validation: ['validation', validationView],
  evidence: ['evidence', evidenceView],
  summary: ['summary-editor', summaryEditorView],
  closed: ['closed', closedView],
  cancelled: ['cancelled', cancelledView],
};

/** Every phase of the seed runbook (typical and maximal texts) and of the second runbook. */
const incidents: [string, Incident, Runbook][] = [
  ...Object.entries(walkSeed(typical).phases).map(([k, i]) => [`seed typical ${k}`, i, seed] as [string, Incident, Runbook]),
  ...Object.entries(walkSeed(maximal).phases).map(([k, i]) => [`seed maximal ${k}`, i, seed] as [string, Incident, Runbook]),
  ...Object.entries(walkAnyRunbook(sharepoint, sharepointValues)).map(([k, i]) => [`sharepoint ${k}`, i, sharepoint] as [string, Incident, Runbook]),
];

test('every template file compiles', () => {
  const names = readdirSync(templatesDir()).filter((n) => n.endsWith('.json'));
  expect(names.length).toBeGreaterThan(15);
  for (const name of names) expect(compileTemplate(payloadOf(name.slice(0, -5))).toString()).not.toMatch(/library/);
});

test.each(incidents)('%s: header, phase view and footer bind the same at every text scale', (_name, incident, runbook) => {
  const now = new Date(Date.parse(incident.openedAt) + 20 * 60_000);
  for (const scale of [1, 0.25]) {
    const ctx: ViewContext = { incident, runbook, now, clip: clipper(scale), scale };
    const [template, build] = phaseViews[incident.phase];
    const views: [string, object][] = [
      ['header', headerView(incident, runbook, now, ctx.clip, { text: 'Note ${title} **x**', tone: 'attention' })],
      [template, build(ctx)],
      ['footer', footerView(incident, true)],
    ];
    for (const [name, view] of views) {
      const { compiled, library } = both(payloadOf(name), view);
      expect(JSON.stringify(compiled)).toBe(JSON.stringify(library));
    }
  }
});
