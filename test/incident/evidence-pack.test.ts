import { evidencePack } from '../../src/incident/evidence-pack';
import { finishPhase, makeIncident, seedRunbook, t0 } from '../helpers/incident-builders';

test('the evidence pack of a closed incident has every part, and names a broken audit chain', () => {
  let incident = makeIncident({ now: t0 });
  while (incident.phase !== 'closed') incident = finishPhase(incident);
  const pack = evidencePack(incident, seedRunbook());
  for (const heading of ['## Intake', '## First 15 minutes', '## Commands and results', '## Decision', '## Remediation and approvals', '## Validation', '## Evidence', '## Customer summary', '## Timeline (audit log)']) {
    expect(pack).toContain(heading);
  }
  expect(pack).toMatch(/\| Audit chain \| verified \(\d+ entries\) \|/);
  expect(pack).toMatch(/- \[x\] Run message trace for both sender and recipient\./);
  expect(pack).toMatch(/approved by /);
  const tampered = { ...incident, audit: incident.audit.map((e, i) => (i === 2 ? { ...e, what: 'nothing happened' } : e)) };
  expect(evidencePack(tampered, seedRunbook())).toMatch(/Audit chain \| BROKEN at entry 3/);
});
