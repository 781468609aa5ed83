import { jsonLogger } from '../../src/app/logger';

test('JSON lines with level, message and fields; secrets and tokens redacted; below-level lines dropped', () => {
  const lines: string[] = [];
  const log = jsonLogger('info', (l) => lines.push(l));
  log.debug({ incidentId: 'INC-1' }, 'hidden');
  log.info(
    {
      incidentId: 'INC-20261124-001',
      activityId: 'a1',
      authorization: 'Bearer eyJ.secret',
      headers: { authorization: 'Bearer x' },
      config: { MicrosoftAppPassword: 'p@ss' },
    },
    'command applied',
  );
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]);
  expect(line).toMatchObject({
    level: 'info',
    msg: 'command applied',
    incidentId: 'INC-20261124-001',
    activityId: 'a1',
    authorization: '[redacted]',
    headers: { authorization: '[redacted]' },
    config: { MicrosoftAppPassword: '[redacted]' },
  });
  expect(lines[0]).not.toMatch(/eyJ\.secret|p@ss|Bearer x/);
  expect(typeof line.time).toBe('string');
});
