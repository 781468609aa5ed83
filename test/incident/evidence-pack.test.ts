import { evidencePack } from '../../src/incident/evidence-pack';
import { recordRefusal } from '../../src/incident/refusals';
import { actors, cmd, drive, finishPhase, incidentAt, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

test('the evidence pack of a closed incident has every part, and names a broken audit chain', () => {
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'closed') incident = finishPhase(incident);
  const pack = evidencePack(incident, seedRunbook());
  for (const heading of [
    '## Intake',
    '## First 15 minutes',
    '## Commands and results',
    '## Decision',
    '## Remediation and approvals',
    '## Validation',
    '## Evidence',
    '## Customer summary',
    '## Timeline (audit log)',
  ]) {
    expect(pack).toContain(heading);
  }
  expect(pack).toMatch(/\| Audit chain \| verified \(\d+ entries\) \|/);
  expect(pack).toMatch(/- \[x\] Run message trace for both sender and recipient\./);
  expect(pack).toMatch(/approved by /);
  const tampered = { ...incident, audit: incident.audit.map((e, i) => (i === 2 ? { ...e, what: 'nothing happened' } : e)) };
  expect(evidencePack(tampered, seedRunbook())).toMatch(/Audit chain \| BROKEN at entry 3/);
});

test('refusals read as such in the pack: counted in the header, and in the timeline by who, what and why', () => {
  const triage = incidentAt('triage');
  expect(evidencePack(triage, seedRunbook())).toContain('| Refused requests | none |');
  const when = new Date(Date.parse(triage.audit.at(-1)!.at) + 60_000);
  const refused = recordRefusal(
    triage,
    { ...actors.outsider, name: 'Olive | Outsider' },
    { verb: 'approve', reason: 'not an approver', detail: 'card claims 9' },
    when,
  )!;
  const pack = evidencePack(refused, seedRunbook());
  expect(pack).toContain(`| Refused requests | 1, in the timeline as "refused: …" (they changed nothing; version ${triage.version} counts accepted changes) |`);
  expect(pack).toContain(`| Audit chain | verified (${refused.audit.length} entries) |`);
  expect(pack).toContain(
    `${refused.audit.length}. ${when.toISOString()} — Olive \\| Outsider [${actors.outsider.id}]: refused: approve — not an approver (card claims 9)`,
  );
});

test('text from people and mail senders is literal in the pack: no links, no formatting, lookups kept longer', () => {
  const triage = incidentAt('triage');
  const hostile = 'Subject: [Reset password](https://evil.example/x) **now** <b>hi</b> `code` # title';
  const lookupText = `Message trace a@contoso.test → b@fabrikam.test: 1 message found.\n- ${hostile}\n${'- event line\n'.repeat(120)}`;
  const incident = {
    ...triage,
    evidence: [
      { id: 'E1', kind: 'text' as const, text: hostile, at: triage.openedAt, by: { ...actors.staff, name: 'Sam [admin](https://evil.example)' } },
      { id: 'E2', kind: 'lookup' as const, text: lookupText, at: triage.openedAt, by: { id: 'runbook-bot', name: 'Runbook bot' } },
    ],
  };
  const pack = evidencePack(incident, seedRunbook());
  expect(pack).toContain('- E1 (text, Sam \\[admin\\]\\(https://evil.example\\), ');
  expect(pack).toContain('Subject: \\[Reset password\\]\\(https://evil.example/x\\) \\*\\*now\\*\\* \\<b\\>hi\\</b\\> \\`code\\` \\# title');
  expect(pack).not.toContain('[Reset password](');
  const lookupLine = pack.split('\n').find((l) => l.startsWith('- E2 '))!;
  expect(lookupLine.length).toBeGreaterThan(1400);
});

test('display names, notes and outputs are neutralised everywhere in the pack: no live Markdown, no NUL, bidi override or lone surrogate', () => {
  const boss = { ...actors.staff, name: '[Boss](https://evil.example) **CEO**\u202Egnp.exe' };
  let incident = makeIncident({ now: t0, actor: boss });
  while (incident.phase !== 'closed') incident = finishPhase(incident);
  const hostile = {
    ...incident,
    notes: [{ at: incident.openedAt, by: boss, text: 'note\u0000with NUL and a lone \uD800 surrogate' }],
    commandResults: incident.commandResults.map((r) => ({ ...r, by: boss, output: `out\u202Eput\u0007` })),
  };
  const pack = evidencePack(hostile, seedRunbook());
  expect(pack).not.toMatch(/\[Boss\]\(/);
  expect(pack).not.toMatch(/(^|[^\\])\*\*CEO/m);
  expect(pack).not.toMatch(/[\u0000\u0007\u202E]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  expect(pack).toContain('\\[Boss\\]\\(https://evil.example\\) \\*\\*CEO\\*\\*\uFFFDgnp.exe');
  expect(pack).toContain('note\uFFFDwith NUL and a lone \uFFFD surrogate');
  expect(pack).toContain('out\uFFFDput\uFFFD');
});

test("choices read as the cards show them: the runbook's title, in the intake and in a correction (issue 14, item 11.7)", () => {
  const triage = incidentAt('triage', { intake: { scope: 'department' } });
  const corrected = drive(triage, cmd('submitIntake', { values: { scope: 'several-users' }, correction: true }));
  const pack = evidencePack(corrected, seedRunbook());
  expect(pack).toContain('- **Affected scope:** Several users');
  expect(pack).not.toContain('- **Affected scope:** several-users');
  expect(pack).toContain('corrected the intake: Affected scope A department or location -\\> Several users');
  expect(pack).toContain("| Severity | Sev 3 (affected scope: several users; none of the guide's Sev 1 or Sev 2 criteria hold");
});
