import {
  type AdaptiveCard,
  actionKey,
  cardBytes,
  renderApprovalCard,
  renderEscalationCard,
  renderIncidentCard,
  renderMessageCard,
  renderPickerCard,
  renderSummaryCard,
  verbs,
} from '../../src/cards';
import { decide } from '../../src/incident/decide';
import type { Incident } from '../../src/incident/types';
import type { Runbook } from '../../src/runbook/schema';
import { parseCardAction } from '../../src/teams/action-parsing';
import { executeActions, inputs, nodes, parserProblems } from '../helpers/card-checks';
import { maximal, runbooks, seed, sharepoint, sharepointValues, typical, walkAnyRunbook, walkSeed } from '../helpers/card-incidents';

// Every card of every view, for a typical and a maximal incident: valid 1.5 cards, small enough, and every
// action keeps the verb/data/input contract of src/cards/verbs.ts all the way through parsing and decide().

interface Case {
  name: string;
  view: string;
  card: AdaptiveCard;
  incident?: Incident;
  runbook?: Runbook;
}

/** "Now" for a snapshot: a minute after its last change. */
const after = (incident: Incident) => new Date(Date.parse(incident.audit[incident.audit.length - 1].at) + 60_000);

function incidentCases(label: string, phases: Record<string, Incident>, runbook: Runbook): Case[] {
  return Object.entries(phases).map(([name, incident]) => ({
    name: `${label} ${name}`,
    view: incident.phase,
    card: renderIncidentCard(incident, runbook, after(incident), { text: 'That was refused: **why** [link](https://x)', tone: 'attention' }),
    incident,
    runbook,
  }));
}

function seedCases(label: string, profile: typeof typical): Case[] {
  const walk = walkSeed(profile);
  return [
    ...incidentCases(label, walk.phases, seed),
    ...Object.entries(walk.approvals).map(([state, a]) => ({
      name: `${label} approval ${state}`,
      view: 'approval',
      card: renderApprovalCard(a.incident, seed, a.id, after(a.incident), { text: 'Only configured approvers can decide.', tone: 'attention' as const }),
      incident: a.incident,
      runbook: seed,
    })),
    { name: `${label} summary`, view: 'summary (customer)', card: renderSummaryCard(walk.phases.closed, seed) },
    {
      name: `${label} escalation`,
      view: 'escalation',
      card: renderEscalationCard(walk.phases['triage-escalated'], seed, walk.phases['triage-escalated'].escalated?.reason ?? '', after(walk.phases['triage-escalated'])),
    },
  ];
}

const cases: Case[] = [
  ...seedCases('typical', typical),
  ...seedCases('maximal', maximal),
  ...incidentCases('sharepoint', walkAnyRunbook(sharepoint, sharepointValues), sharepoint),
  { name: 'picker', view: 'picker', card: renderPickerCard(runbooks, { text: 'Pick one', tone: 'default' }, 'activity-1') },
  { name: 'message', view: 'message', card: renderMessageCard('Help', 'Type **start** to begin.', 'good') },
];

const largest = new Map<string, { bytes: number; name: string }>();

afterAll(() => {
  const rows = [...largest.entries()].sort((a, b) => b[1].bytes - a[1].bytes).map(([view, { bytes, name }]) => `${view.padEnd(20)} ${String(bytes).padStart(6)} B  (${name})`);
  console.log(`Largest card per view:\n${rows.join('\n')}`);
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('is a valid Adaptive Card 1.5 for the adaptivecards parser', () => {
    expect(c.card.type).toBe('AdaptiveCard');
    expect(c.card.version).toBe('1.5');
    expect(c.card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(parserProblems(c.card)).toEqual([]);
  });

  it('stays well under the 28 KB message limit', () => {
    const bytes = cardBytes(c.card);
    const prev = largest.get(c.view);
    if (!prev || prev.bytes < bytes) largest.set(c.view, { bytes, name: c.name });
    expect(bytes).toBeLessThan(24 * 1024);
  });

  it('has no template expression left unbound', () => {
    // User text in the maximal profile contains "${x}" on purpose (sometimes cut to "${…" or "${x…"); anything else means a
    // view lacks a value and the templating engine left the expression in.
    expect(JSON.stringify(c.card)).not.toMatch(/\$\{(?!x\}|x?…)/);
    expect(JSON.stringify(c.card)).not.toMatch(/"\$(when|data)"/);
  });

  it('gives every Teams-only element (CodeBlock) a plain fallback with the same text', () => {
    for (const block of nodes(c.card).filter((n) => n.type === 'CodeBlock')) {
      const fallback = block.fallback as Record<string, unknown> | undefined;
      expect(fallback).toMatchObject({ type: 'TextBlock', fontType: 'Monospace', wrap: true });
      const firstWord = String(block.codeSnippet).split(/\s/)[0];
      expect(firstWord.length).toBeGreaterThan(0);
      expect(String(fallback?.text).replace(/\\/g, '')).toContain(firstWord.replace(/\\/g, ''));
    }
  });

  it('colours text only in colours that read on white (no good / warning text)', () => {
    const colours = nodes(c.card).filter((n) => n.type === 'TextBlock' && typeof n.color === 'string').map((n) => n.color);
    expect(colours.filter((x) => x === 'good' || x === 'warning')).toEqual([]);
  });

  it('has only Action.Execute / Action.ShowCard / Action.ToggleVisibility actions with known verbs and unique keys', () => {
    const known = new Set<string>(Object.values(verbs));
    const types = nodes(c.card).map((n) => n.type).filter((t): t is string => typeof t === 'string' && t.startsWith('Action.'));
    expect(types.filter((t) => t !== 'Action.Execute' && t !== 'Action.ShowCard' && t !== 'Action.ToggleVisibility')).toEqual([]);
    // A toggle shows or hides elements of this card: every target must exist.
    const ids = new Set(nodes(c.card).map((n) => n.id).filter((id) => typeof id === 'string'));
    for (const toggle of nodes(c.card).filter((n) => n.type === 'Action.ToggleVisibility')) {
      for (const target of toggle.targetElements as string[]) expect(ids.has(target)).toBe(true);
    }
    const actions = executeActions(c.card);
    for (const a of actions) expect(known.has(a.verb)).toBe(true);
    const keys = actions.map((a) => a.data.actionKey);
    // data.key is reserved by the Adaptive Cards JS renderer (the Agents Playground throws on click).
    for (const a of actions) expect(a.data).not.toHaveProperty('key');
    expect(new Set(keys).size).toBe(keys.length);
  });

  if (c.incident) {
    const incident = c.incident;
    it('carries incidentId, version and key on every action', () => {
      for (const a of executeActions(c.card)) {
        expect(a.data).toMatchObject({ incidentId: incident.id, version: incident.version });
        expect(String(a.data.actionKey).startsWith(actionKey(incident.id, incident.version, a.verb))).toBe(true);
      }
    });

    it('names inputs by the contract', () => {
      const rb = c.runbook as Runbook;
      const allowed = new Set([
        ...rb.intake.map((f) => `f_${f.id}`),
        ...rb.summary.map((f) => `s_${f.id}`),
        ...rb.remediation.flatMap((a) => [`reason_${a.id}`, `note_${a.id}`]),
        ...['starterId', 'output', 'ndrText', 'comment', 'evidenceText', 'evidenceUrl', 'coversItem', 'ack', 'cancelReason', 'reason', 'naReason'],
      ]);
      const ids = inputs(c.card).map((i) => String(i.id));
      expect(ids.filter((id) => !allowed.has(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('offers only actions that parse and that decide() accepts in this phase', () => {
      const rb = c.runbook as Runbook;
      const env = { now: after(incident), runbook: rb, approverIds: new Set([typical.approver.id]) };
      const refusedAsWrong = ['wrong-phase', 'unknown-item', 'bad-version', 'stale', 'not-open', 'not-approver', 'self-approval'];
      const outcomes = executeActions(c.card).map((action) => {
        const data = { ...action.data, ...(action.associatedInputs === 'none' ? {} : sampleInputs(c.card)) };
        const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: action.verb, data } });
        if (parsed.kind === 'invalid') return `${action.title}: invalid (${parsed.message})`;
        if (parsed.kind !== 'command') return `${action.title}: ${parsed.kind}`;
        const actor = parsed.body.type === 'decideApproval' ? typical.approver : incident.owner;
        const result = decide(incident, { ...parsed.body, actor, key: parsed.key, version: parsed.version }, env);
        if (result.ok && result.duplicate) return `${action.title}: duplicate key`;
        return `${action.title}: ${result.ok ? 'ok' : result.rejection.code}`;
      });
      const wrong = outcomes.filter((o) => /: (invalid \(|duplicate key)/.test(o) || refusedAsWrong.some((code) => o.endsWith(`: ${code}`)));
      expect(wrong).toEqual([]);
    });
  }
});

/** A plausible value for every input on the card, as a person would submit the form. */
function sampleInputs(card: AdaptiveCard): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputs(card)) {
    const id = String(input.id);
    const choices = (input.choices as { value: string }[] | undefined) ?? [];
    const prefilled = typeof input.value === 'string' && input.value !== '' ? input.value : undefined;
    const fieldId = id.startsWith('f_') ? id.slice(2) : undefined;
    values[id] =
      prefilled ??
      (fieldId ? (fieldId === 'messageTraceId' ? typical.traceId : (typical.intake[fieldId] ?? sharepointValues[fieldId] ?? '')) : undefined) ??
      (id === 'ack' || id === 'starterId' ? (choices[0]?.value ?? '') : undefined) ??
      ({ output: 'Status: Delivered', ndrText: typical.ndrText, evidenceText: 'Trace shows Delivered', cancelReason: 'Duplicate', comment: 'Fine by me', naReason: 'No transport change was made' } as Record<string, string>)[id] ??
      (id.startsWith('reason_') ? 'Needed to restore mail flow' : '');
  }
  return values;
}
