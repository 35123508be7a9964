import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
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

  it("refuses a DATABASE_URL that is not a Postgres URL, naming the variable", () => {
    try {
      parseStoreTarget({ DATABASE_URL: "mysql://db/steward" }, root);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues[0]?.path).toEqual(["DATABASE_URL"]);
    }
  });

  it("finds the monorepo root from inside a package", () => {
    const fromPackage = findProjectRoot(fileURLToPath(new URL("..", import.meta.url)));
    expect(findProjectRoot(fromPackage)).toBe(fromPackage);
    expect(fromPackage).toBe(
      fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, ""),
    );
  });
});
