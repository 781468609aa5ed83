import { parse } from 'yaml';
import { parseRunbook } from '../../src/runbook/loader';
import { runbookToYaml } from '../../src/runbook/yaml-writer';
import { editedSeed, seedYaml } from './runbook-files';

describe('runbookToYaml', () => {
  const seed = () => parseRunbook(seedYaml(), 'seed.yaml');

  test('writes a runbook the loader reads back unchanged', () => {
    expect(parseRunbook(runbookToYaml(seed()), 'again.yaml')).toEqual(seed());
  });

  test('starts with the schema comment, then the given comments', () => {
    expect(runbookToYaml(seed(), ['one', 'two']).split('\n').slice(0, 4)).toEqual([
      '# yaml-language-server: $schema=./runbook.schema.json',
      '# one',
      '# two',
      'id: exchange-online-mail-flow-failure',
    ]);
  });

  test('quotes strings a YAML 1.1 reader would take for booleans, dates or numbers', () => {
    const yaml = runbookToYaml(seed());
    expect(yaml).toContain('revised: "2026-05-29"');
    expect(yaml).toContain('default: "no"');
    expect(yaml).toContain('in: [ "yes" ]');
  });

  test('writes short lists and step items inline, and long commands as literal blocks', () => {
    const long = `Get-MessageTrace -SenderAddress <sender> -RecipientAddress <recipient> ${'-PageSize 5000 '.repeat(6).trim()}`;
    const yaml = runbookToYaml(parseRunbook(editedSeed([[['commands', 0, 'template'], long]]), 'long.yaml'));
    expect(yaml).toContain('actions: [ fix-rules-or-connectors, correct-dns-records ]');
    expect(yaml).toContain('- { id: junk, text: Check the Junk Email folder and the junk email settings. }');
    expect(yaml).toContain('bind: { sender: sender, recipient: recipient }');
    expect(yaml).toContain(`template: |-\n      ${long}\n`);
    expect(parse(yaml).commands[0].template).toBe(long);
  });
});
