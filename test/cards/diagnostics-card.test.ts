import { type AdaptiveCard, cardBudgetBytes, cardBytes, escapeMarkdown, renderIncidentCard, verbs } from '../../src/cards';
import { decide } from '../../src/incident/decide';
import type { DiagnosticsAvailability } from '../../src/incident/handlers/change';
import type { DiagnosticItem, Incident } from '../../src/incident/types';
import { parseCardAction } from '../../src/teams/action-parsing';
import { actionTitled, executeActions, nodes, parserProblems, textBlocks, unescapedIn, unescapeMarkdown, visibleText } from '../helpers/card-checks';
import { textOf } from '../helpers/card-driver';
import { failedTraceItem } from '../helpers/diagnostic-items';
import { accept, cmd, driveWith, envFor, intakeValues, makeIncident, seedRunbook } from '../helpers/incident-builders';

// The live checks on the triage and decision cards: "checking...", then the answers, "did not answer", the suggestion.

const both: DiagnosticsAvailability = { graph: true, dns: true };
const bot = { id: 'runbook-bot', name: 'Runbook bot' };
const CHECKING = 'Checking message trace, Exchange Online health and mail DNS... this card updates when they answer.';

const traceItem = failedTraceItem();
const healthItem: DiagnosticItem = {
  id: 'service-health',
  title: 'Exchange Online service health',
  ok: false,
  summary: 'not available: Graph answered 403 (missing permission ServiceHealth.Read.All)',
  tone: 'warning',
  lines: [],
};
const dnsItem: DiagnosticItem = {
  id: 'dns:contoso.com',
  title: 'DNS of contoso.com',
  ok: true,
  summary: '1 problem: two SPF records.',
  tone: 'attention',
  lines: [{ text: 'two SPF records. Fix: Merge them into one v=spf1 TXT record.', tone: 'attention' }],
};

const at = (incident: Incident, seconds: number) => new Date(Date.parse(incident.diagnostics?.requestedAt ?? incident.openedAt) + seconds * 1000);
const render = (incident: Incident, now: Date) => renderIncidentCard(incident, seedRunbook(), now);
const shown = (card: unknown) => unescapeMarkdown(visibleText(card));
const titles = (card: unknown) => executeActions(card).map((a) => a.title);

/** The seed incident in triage with a round checking. */
function checking(): Incident {
  const fresh = makeIncident();
  return accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook()) }), envFor(fresh, { diagnostics: both })).incident;
}

function recorded(items: DiagnosticItem[] = [traceItem, healthItem, dnsItem], traceStatus: string | undefined = 'Failed'): Incident {
  const round = checking();
  const body = { requestId: round.diagnostics!.requestId, items, ...(traceStatus ? { traceStatus } : {}) };
  return accept(round, cmd('recordDiagnostics', body, { actor: bot }), envFor(round, { diagnostics: both })).incident;
}

function toDecision(incident: Incident): Incident {
  return driveWith(
    { diagnostics: both },
    incident,
    ...seedRunbook().firstFifteen.map((i) => cmd('tick', { list: 'checklist', itemId: i.id, done: true })),
    cmd('continue', {}),
  );
}

/** The checks section: the TextBlocks from the "Live checks" heading up to the triage or decision view. */
function checkTexts(card: AdaptiveCard): string[] {
  const all = textBlocks(card);
  const start = all.indexOf('Live checks');
  if (start < 0) throw new Error(`no "Live checks" on the card:\n${all.join('\n')}`);
  return all.slice(start);
}

describe('the live checks on the triage card', () => {
  it('says the checks are running, offers no Check again while they run', () => {
    const round = checking();
    const card = render(round, at(round, 5));
    expect(textOf(card)).toContain(CHECKING);
    expect(checkTexts(card).slice(0, 2)).toEqual(['Live checks', CHECKING]);
    expect(titles(card)).not.toContain('Check again');
  });

  it('shows no checks section when the incident has no round', () => {
    const fresh = makeIncident();
    const plain = accept(fresh, cmd('submitIntake', { values: intakeValues(seedRunbook()) })).incident;
    expect(textBlocks(render(plain, at(plain, 60)))).not.toContain('Live checks');
  });

  it('shows each answer with its title, summary and lines, how many were not available, and Check again', () => {
    const done = recorded();
    const card = render(done, at(done, 90));
    const texts = checkTexts(card);
    expect(texts[1]).toBe(`⚠️ Checked at ${done.diagnostics!.completedAt!.slice(0, 10)} ${done.diagnostics!.completedAt!.slice(11, 16)} UTC; 1 not available, go on by hand for those.`);
    for (const item of [traceItem, healthItem, dnsItem]) {
      // Warning-toned text is default-coloured for contrast and marked ⚠️ instead (src/cards/readable-colors.ts).
      const mark = (tone: string) => (tone === 'warning' ? '⚠️ ' : '');
      expect(texts).toContain(`${mark(item.tone)}**${escapeMarkdown(item.title)}**: ${escapeMarkdown(item.summary)}`);
      for (const line of item.lines) expect(texts).toContain(`${mark(line.tone)}• ${escapeMarkdown(line.text)}`);
    }
    expect(shown(card)).toContain('**Message trace bob@contoso.com → alice@fabrikam.com**: 1 message found; the one at 2026-11-24T08:31:00Z is Failed.');
    expect(shown(card)).toContain('• 2026-11-24T08:31:05Z FAIL: 550 5.1.1 RESOLVER.ADR.RecipNotFound');
    const itemBlock = nodes(card).find((n) => n.type === 'TextBlock' && String(n.text).replace(/^⚠️ /, '').startsWith('**Exchange Online service health**'));
    expect(itemBlock).toMatchObject({ color: 'default', weight: 'Bolder', text: expect.stringMatching(/^⚠️ /) });
    const again = actionTitled(card, 'Check again');
    expect(again.verb).toBe(verbs.runDiagnostics);
    expect(again.data).toMatchObject({ incidentId: done.id, version: done.version });
    // The trace suggestion belongs on the decision card, not on triage.
    expect(shown(card)).not.toContain('The message trace suggests');
  });

  it('says the checks did not answer once a round is older than 60 s, and offers Check again', () => {
    const round = checking();
    expect(titles(render(round, at(round, 59)))).not.toContain('Check again');
    const card = render(round, at(round, 61));
    expect(textOf(card)).toContain('did not answer');
    expect(textOf(card)).not.toContain(CHECKING);
    expect(actionTitled(card, 'Check again').verb).toBe(verbs.runDiagnostics);
  });

  it('has a Check again that parses and that decide() accepts', () => {
    const done = recorded();
    const now = at(done, 90);
    const action = actionTitled(render(done, now), 'Check again');
    const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: action.verb, data: action.data } });
    if (parsed.kind !== 'command') throw new Error(`parsed as ${parsed.kind}`);
    expect(parsed.body).toEqual({ type: 'runDiagnostics' });
    const result = decide(done, { ...parsed.body, actor: done.owner, key: parsed.key, version: parsed.version }, { ...envFor(done, { diagnostics: both }), now });
    expect(result.ok && result.incident.diagnostics?.status).toBe('checking');
  });
});

describe('the live checks on the decision card', () => {
  it('suggests the finding the trace status maps to, and its button confirms it', () => {
    const decision = toDecision(recorded());
    expect(decision.phase).toBe('decision');
    const card = render(decision, at(decision, 600));
    expect(shown(card)).toContain('The message trace suggests: Failed with NDR (Failed). Confirm it or choose another finding.');
    const choose = executeActions(card).filter((a) => a.verb === verbs.chooseFinding);
    expect(choose.map((a) => [a.data.findingId, a.title])).toEqual([
      ['delivered-to-mailbox', 'Choose'],
      ['failed-with-ndr', 'Confirm (suggested by the trace)'],
      ['quarantined', 'Choose'],
      ['connector-path-fails', 'Choose'],
    ]);
  });

  it('suggests nothing when the trace status maps to no finding', () => {
    const card = render(toDecision(recorded([traceItem], 'Pending')), at(recorded(), 3600));
    expect(shown(card)).not.toContain('The message trace suggests');
    expect(titles(card)).not.toContain('Confirm (suggested by the trace)');
  });
});

describe('user text in the answers', () => {
  const hostile = '[click](https://evil.example) **bold** _it_ <at>Grace</at> ${$root.title} ${x} & | # `code`';
  const items: DiagnosticItem[] = [
    {
      id: 'message-trace',
      title: `Message trace ${hostile}`,
      ok: true,
      summary: `Subject: ${hostile}`,
      tone: 'attention',
      lines: [
        { text: `- starts like a bullet ${hostile}`, tone: 'attention' },
        { text: '1. numbered\n# heading\n> quote', tone: 'default' },
      ],
    },
  ];

  it('renders literally: markdown, links, mentions and ${...} stay text', () => {
    const done = recorded(items, '**Failed**');
    const card = render(done, at(done, 90));
    const texts = checkTexts(card);
    expect(texts).toContain(`**${escapeMarkdown(items[0]!.title)}**: ${escapeMarkdown(items[0]!.summary)}`);
    expect(texts).toContain(`• ${escapeMarkdown(items[0]!.lines[0]!.text)}`);
    expect(texts).toContain(`• ${escapeMarkdown(items[0]!.lines[1]!.text)}`);
    // What a reader sees once the renderer removes the escapes: the text as typed, ${...} not evaluated.
    const seen = shown(card);
    expect(seen).toContain(`Message trace ${hostile}**: Subject: ${hostile}`);
    expect(seen).toContain('${$root.title} ${x}');
    // Outside the template's own bold markers, no markdown-active character is left unescaped.
    for (const text of texts) expect(unescapedIn(text.replace(/^\*\*(.*)\*\*: /s, '$1 '), /[`*_~[\]<>&|#]/)).toEqual([]);
  });
});

describe('card validity', () => {
  const long = (n: number) => '**b** [x](https://evil.example) <at>A</at> ${x} é 😀 | # '.repeat(Math.ceil(n / 48)).slice(0, n);
  const maximal: DiagnosticItem[] = Array.from({ length: 12 }, (_, i) => ({
    id: `dns:domain${i}.example`,
    title: long(120),
    ok: i % 2 === 0,
    summary: long(400),
    tone: (['good', 'warning', 'attention', 'default'] as const)[i % 4],
    lines: Array.from({ length: 12 }, (_, j) => ({ text: long(400), tone: (['good', 'warning', 'attention', 'default'] as const)[j % 4] })),
  }));

  const cases: [string, () => AdaptiveCard][] = [
    ['checking', () => render(checking(), at(checking(), 5))],
    ['did not answer', () => render(checking(), at(checking(), 120))],
    ['done', () => render(recorded(), at(recorded(), 90))],
    ['done, nothing answered', () => render(recorded([]), at(recorded([]), 90))],
    ['decision with a suggestion', () => render(toDecision(recorded()), at(recorded(), 3600))],
    ['maximal answers on triage', () => render(recorded(maximal), at(recorded(maximal), 90))],
    ['maximal answers on decision', () => render(toDecision(recorded(maximal)), at(recorded(maximal), 3600))],
  ];

  it.each(cases)('%s: a valid Adaptive Card 1.5 within the size budget, every expression bound', (_name, make) => {
    const card = make();
    expect(card.version).toBe('1.5');
    expect(parserProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
    expect(JSON.stringify(card)).not.toMatch(/\$\{(?!x\}|\$root\.title\}|…)/);
    expect(JSON.stringify(card)).not.toMatch(/"\$(when|data)"/);
  });

  it('shrinks maximal answers to fit: fewer of them, at least two, and Check again stays', () => {
    const card = render(recorded(maximal), at(recorded(maximal), 90));
    const shownItems = checkTexts(card).filter((t) => t.startsWith('**')).length;
    expect(shownItems).toBeGreaterThanOrEqual(2);
    expect(shownItems).toBeLessThan(12);
    expect(cardBytes(card)).toBeLessThanOrEqual(cardBudgetBytes);
    expect(titles(card)).toContain('Check again');
  });
});

