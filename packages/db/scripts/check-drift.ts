// Fails when the schema and the committed migrations disagree, or a migration lacks its down
// script. drizzle-kit generates into a scratch copy, so the real folder is never touched.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { migrationsFolder, readMigrationJournal } from "../src/migrations";

const problems: string[] = [];

for (const { tag } of readMigrationJournal()) {
  if (!existsSync(join(migrationsFolder, `${tag}.sql`))) problems.push(`${tag}.sql is missing`);
  if (!existsSync(join(migrationsFolder, `${tag}.down.sql`))) {
    problems.push(`${tag}.down.sql is missing: every migration needs a reviewed down script`);
  }
}

// drizzle-kit mangles an absolute `out`, so the scratch copy sits beside the package, relative.
const packageRoot = join(migrationsFolder, "..");
const scratch = mkdtempSync(join(packageRoot, ".drift-"));
try {
  cpSync(migrationsFolder, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const result = spawnSync("pnpm", ["exec", "drizzle-kit", "generate"], {
    cwd: packageRoot,
    env: { ...process.env, STEWARD_MIGRATIONS_OUT: `./${relative(packageRoot, scratch)}` },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = `${result.stdout}${result.stderr}`;
  // drizzle-kit exits 0 even when it fails, so only its own "no changes" answer counts as a pass.
  if (result.status !== 0 || /Error/.test(output)) {
    problems.push(`drizzle-kit generate failed:\n${output}`);
  }
  const added = readdirSync(scratch).filter((name) => !before.has(name));
  if (added.length > 0 || !output.includes("No schema changes")) {
    problems.push(
      `the schema has changes no migration holds (drizzle-kit would write ${added.join(", ") || "a migration"}); ` +
        "run `pnpm db:generate`, review the SQL, write its .down.sql and commit them",
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`Migration drift check failed for ${migrationsFolder}:`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log(
  `Migration drift check passed: ${readMigrationJournal().length} migrations in ${migrationsFolder} match the schema, each with a down script.`,
);
