import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbookJsonSchemaText } from '../src/runbook/json-schema';
import { defaultRunbooksDir } from '../src/runbook/loader';

// `npm run runbooks:schema`: writes src/runbooks/runbook.schema.json from the zod schema and prints its path.

const file = join(defaultRunbooksDir(), 'runbook.schema.json');
writeFileSync(file, runbookJsonSchemaText());
console.log(file);
