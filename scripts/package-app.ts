/** `npm run package`: writes appPackage/build/appPackage.zip from appPackage/ and the environment. */
import { runPackageApp } from '../src/app-package/run-package';
import { projectRoot } from '../src/project-root';

process.exitCode = runPackageApp({
  root: projectRoot(),
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
