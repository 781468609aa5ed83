import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { runbookJsonSchema, runbookJsonSchemaText, yamlSchemaComment } from '../../src/runbook/json-schema';
import { defaultRunbooksDir } from '../../src/runbook/loader';
import { runbookSchema } from '../../src/runbook/schema';
import { editedSeed, seedYaml } from './runbook-files';

function compile() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  return ajv.compile(runbookJsonSchema());
}

const yamlFiles = readdirSync(defaultRunbooksDir()).filter((f) => f.endsWith('.yaml'));

describe('runbookJsonSchema', () => {
  test('is draft 2020-12 with an id, a title and every top-level key of the zod schema', () => {
    const schema = runbookJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:runbook-incident-bot:runbook.schema.json');
    expect(schema.title).toBe('Incident runbook definition');
    expect(Object.keys(schema.properties as object)).toEqual(Object.keys(runbookSchema.shape));
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'severity', 'intake', 'decisions', 'remediation', 'summary']));
    expect(schema.required).not.toContain('commands');
    expect(schema.additionalProperties).toBe(false);
  });

  test.each(yamlFiles)('%s validates against it with Ajv', (file) => {
    const validate = compile();
    const ok = validate(parse(readFileSync(join(defaultRunbooksDir(), file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('rejects what the zod schema rejects structurally', () => {
    const validate = compile();
    expect(validate(parse(editedSeed([[['title'], undefined]])))).toBe(false);
    expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'required', params: { missingProperty: 'title' } })]));
    expect(validate(parse(editedSeed([[['severity', 'levels', 0, 'escalte'], true]])))).toBe(false);
    expect(validate(parse(editedSeed([[['intake', 4, 'type'], 'phone']])))).toBe(false);
    expect(validate(parse(editedSeed([[['references', 0, 'url'], 'not a url']])))).toBe(false);
    expect(validate(parse(seedYaml()))).toBe(true);
  });

  test('the committed runbook.schema.json is up to date', () => {
    expect(readFileSync(join(defaultRunbooksDir(), 'runbook.schema.json'), 'utf8')).toBe(runbookJsonSchemaText());
    expect(runbookJsonSchemaText().endsWith('}\n')).toBe(true);
  });

  test.each(yamlFiles)('%s starts with the yaml-language-server schema comment', (file) => {
    expect(readFileSync(join(defaultRunbooksDir(), file), 'utf8').split('\n')[0]).toBe(yamlSchemaComment);
  });
});
