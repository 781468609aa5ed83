import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/project-root';

/** The shared Teams manifest v1.29 schema, outside this repository (../shared). */
export const MANIFEST_SCHEMA_PATH = join(projectRoot(), '..', 'shared', 'schemas', 'teams-manifest-v1.29.schema.json');

export const manifestSchemaExists = existsSync(MANIFEST_SCHEMA_PATH);

if (!manifestSchemaExists) {
  console.warn(`Skipping manifest schema checks: ${MANIFEST_SCHEMA_PATH} is absent.`);
}

let validate: ValidateFunction | undefined;

/** Test helper: the compiled draft-04 validator (strict off: the schema leaves out some "type"s ajv's strict mode wants). */
export function manifestValidator(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    validate = ajv.compile(JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')));
  }
  return validate;
}

/** The validator's errors as readable lines, for assertion messages. */
export function schemaErrors(data: unknown): string[] {
  const check = manifestValidator();
  return check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
