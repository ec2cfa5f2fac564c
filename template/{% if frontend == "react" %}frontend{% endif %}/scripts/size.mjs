// The bundle budget: the gzipped JavaScript and CSS the first page load fetches (the entry
// chunk, what it imports up front, and the styles) must stay under BUDGET_KB.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 125;

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
if (assets.length === 0) {
  console.error("dist/index.html references no assets: run `npm run build` first.");
  process.exit(1);
}
let total = 0;
for (const asset of assets) {
  const size = gzipSync(readFileSync(join(dist, asset)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${asset}`);
}
const kb = total / 1024;
console.log(`${kb.toFixed(1).padStart(7)} kB  gzipped in total; the budget is ${BUDGET_KB} kB.`);
if (kb > BUDGET_KB) {
  console.error(`Over budget by ${(kb - BUDGET_KB).toFixed(1)} kB.`);
  process.exitCode = 1;
}
