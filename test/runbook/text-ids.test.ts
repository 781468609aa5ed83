import { camelId, humanize, kebabId, sentence, sentencesOf, splitEnumeration, uniqueIds } from '../../src/runbook/text-ids';

describe('text helpers', () => {
  test('kebabId keeps whole titles and abbreviates prose without function words', () => {
    expect(kebabId('Exchange Online Mail Flow Failure')).toBe('exchange-online-mail-flow-failure');
    expect(kebabId('Run message trace for both sender and recipient.', 4)).toBe('run-message-trace-both');
    expect(kebabId('Correct SPF/DKIM/DMARC or accepted-domain records', 5)).toBe('correct-spf-dkim-dmarc-accepted');
    expect(kebabId('15 minutes')).toBe('item-15-minutes');
    expect(kebabId('!!!')).toBe('item');
  });

  test('camelId and humanize turn labels and parameters into ids and labels', () => {
    expect(camelId('What happened')).toBe('whatHappened');
    expect(camelId('MessageTraceId')).toBe('messageTraceId');
    expect(humanize('SenderAddress')).toBe('Sender address');
    expect(humanize('siteUrl')).toBe('Site URL');
    expect(humanize('SPOTenant')).toBe('SPO tenant');
  });

  test('splitEnumeration splits on commas and "or", and on "and" when asked', () => {
    expect(splitEnumeration('Check TLS cert, smart host, IP allow, and route.')).toEqual(['Check TLS cert', 'smart host', 'IP allow', 'route']);
    expect(splitEnumeration('A or B')).toEqual(['A', 'B']);
    expect(splitEnumeration('admins, desk teams, and leads', true)).toEqual(['admins', 'desk teams', 'leads']);
    expect(splitEnumeration('allowed and blocked lists')).toEqual(['allowed and blocked lists']);
  });

  test('uniqueIds, sentence and sentencesOf', () => {
    const next = uniqueIds();
    expect([next('a'), next('a'), next('b'), next('a')]).toEqual(['a', 'a-2', 'b', 'a-3']);
    expect(sentence('check the route')).toBe('Check the route.');
    expect(sentence('Done?')).toBe('Done?');
    expect(sentencesOf('Capture evidence first. Validate e.g. the path. Then close.')).toEqual([
      'Capture evidence first.',
      'Validate e.g. the path.',
      'Then close.',
    ]);
  });
});
