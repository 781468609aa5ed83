import { join, relative } from 'node:path';
import { checkRunbookFiles, formatCheckReport } from '../src/runbook/checker';
import { checkJsonSchemaFile } from '../src/runbook/loader';
import { defaultRunbooksDir } from '../src/runbook/loader';

// `npm run runbooks:check [-- <file-or-dir>...]`: validates runbooks (default: src/runbooks); exit 1 on any problem.

const args = process.argv.slice(2);
const paths = args.length > 0 ? args : [relative(process.cwd(), defaultRunbooksDir()) || '.'];
const report = checkRunbookFiles(paths);
if (args.length === 0) report.problems.push(...checkJsonSchemaFile(join(paths[0], 'runbook.schema.json')));
const { stdout, stderr, failed } = formatCheckReport(report);
for (const line of stdout) console.log(line);
for (const line of stderr) console.error(line);
process.exitCode = failed ? 1 : 0;
