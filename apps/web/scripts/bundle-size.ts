// Prints the console's initial JavaScript, gzipped — the scripts index.html loads before the
// first paint (its entry and the modules it preloads) — and fails above the budget.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const budgetBytes = 250 * 1024;
const dist = resolve(import.meta.dirname, "../dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((match) => match[1] ?? "");
if (scripts.length === 0) throw new Error(`no script in ${join(dist, "index.html")}`);

let total = 0;
for (const src of new Set(scripts)) {
  const bytes = gzipSync(readFileSync(join(dist, src))).length;
  total += bytes;
  console.log(`console bundle: ${src} ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
console.log(
  `console bundle: initial JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${budgetBytes / 1024} KB)`,
);
if (total > budgetBytes) process.exit(1);
