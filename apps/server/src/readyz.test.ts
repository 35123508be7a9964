import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@steward/api";
import { createDatabaseClient, type DatabaseClient, readDatabaseError } from "@steward/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";

/** Root with CAP_SYS_ADMIN (as in CI here) can mount a small tmpfs; elsewhere these are skipped. */
const canMount = process.getuid?.() === 0 && spawnSync("mount", ["--help"]).status === 0;

/** An embedded store on a 64 MB disk of its own. */
async function withSmallDisk(work: (client: DatabaseClient, disk: string) => Promise<void>) {
  const disk = mkdtempSync(join(tmpdir(), "steward-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", disk]);
  let client: DatabaseClient | undefined;
  try {
    client = await createDatabaseClient({ kind: "pglite", dataDir: join(disk, "data") });
    await client.db.execute(sql`create table filler (payload text)`);
    await work(client, disk);
  } finally {
    await client?.close();
    spawnSync("umount", ["--lazy", disk]);
    rmSync(disk, { recursive: true, force: true });
  }
}

const fillRow = sql`insert into filler select string_agg(md5(random()::text), '') from generate_series(1, 30000)`;

// The embedded store only: on Postgres the disk is the database server's.
describe.runIf(canMount && !process.env.DATABASE_URL)("/readyz on a full disk", () => {
  it("turns unready with the database's reason once a write fails for lack of space", async () => {
    await withSmallDisk(async (client) => {
      const app = createApp({ database: client, logger: silentLogger });
      expect((await app.request("/readyz")).status).toBe(200);
      let failure: unknown;
      for (let round = 0; round < 100 && !failure; round++) {
        await client.db.execute(fillRow).catch((error: unknown) => {
          failure = error;
        });
      }
      expect(failure, "the 64 MB disk never filled").toBeDefined();
      const ready = await app.request("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "unavailable",
        writable: false,
        reason: expect.stringMatching(/No space left on device|left on the disk/),
      });
    });
  }, 120_000);

  it("stays answering after PGlite PANICs for want of a WAL segment: unready, and statements fail at once", async () => {
    await withSmallDisk(async (client, disk) => {
      const app = createApp({ database: client, logger: silentLogger });
      const { bavail, bsize } = statfsSync(disk);
      writeFileSync(join(disk, "ballast"), Buffer.alloc(bavail * bsize - 256 * 1024));
      // The next write needs a new 16 MB WAL segment, which no longer fits.
      await client.db.execute(sql`select pg_switch_wal()`);
      await expect(client.db.execute(sql`insert into filler values ('x')`)).rejects.toThrow();

      // Without the guard, this next statement would spin in PGlite forever, freezing the process.
      const started = performance.now();
      const ready = await app.request("/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        writable: false,
        reason: expect.stringMatching(
          /^the embedded database stopped after: could not write to file "pg_wal\/.*No space left on device/,
        ),
      });
      const refused = await client.db.execute(sql`select 1`).catch((error: unknown) => error);
      expect(readDatabaseError(refused)).toMatchObject({
        code: "53100",
        message: expect.stringMatching(/^the embedded database stopped after/),
      });
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  }, 120_000);
});
