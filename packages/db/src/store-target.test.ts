import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EnvError } from "./env-error";
import { describeStoreTarget, findProjectRoot, parseStoreTarget } from "./store-target";

describe("choosing the store", () => {
  const root = "/srv/steward";

  it("uses PGlite under .steward/data of the project root when DATABASE_URL is unset", () => {
    expect(parseStoreTarget({}, root)).toEqual({
      kind: "pglite",
      dataDir: join(root, ".steward", "data"),
    });
    expect(parseStoreTarget({ DATABASE_URL: "" }, root).kind).toBe("pglite");
  });

  it("moves the data folder with STEWARD_DATA_DIR, relative to the project root", () => {
    expect(parseStoreTarget({ STEWARD_DATA_DIR: "var/db" }, root)).toEqual({
      kind: "pglite",
      dataDir: join(root, "var", "db"),
    });
    expect(parseStoreTarget({ STEWARD_DATA_DIR: "/data" }, root)).toEqual({
      kind: "pglite",
      dataDir: "/data",
    });
  });

  it("uses Postgres when DATABASE_URL is set, and never prints its password", () => {
    const target = parseStoreTarget({ DATABASE_URL: "postgres://u:secret@db:5432/steward" }, root);
    expect(target).toEqual({ kind: "postgres", url: "postgres://u:secret@db:5432/steward" });
    expect(describeStoreTarget(target)).toBe("Postgres at db:5432/steward");
  });

  it("refuses a DATABASE_URL that is not a Postgres URL in one line naming the variable, never its password", () => {
    try {
      parseStoreTarget({ DATABASE_URL: "mysql://u:secret@db/steward" }, root);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).message).toBe(
        "DATABASE_URL: must be a postgres:// or postgresql:// URL",
      );
      expect((error as EnvError).message).not.toContain("secret");
    }
  });

  it("takes an empty or blank STEWARD_DATA_DIR as unset, as it does DATABASE_URL", () => {
    const byDefault = { kind: "pglite", dataDir: join(root, ".steward", "data") };
    expect(parseStoreTarget({ STEWARD_DATA_DIR: "" }, root)).toEqual(byDefault);
    expect(parseStoreTarget({ STEWARD_DATA_DIR: "  ", DATABASE_URL: " " }, root)).toEqual(
      byDefault,
    );
  });

  it("finds the monorepo root from inside a package", () => {
    const fromPackage = findProjectRoot(fileURLToPath(new URL("..", import.meta.url)));
    expect(findProjectRoot(fromPackage)).toBe(fromPackage);
    expect(fromPackage).toBe(
      fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, ""),
    );
  });
});
