import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, parseEnv, readEnvParts } from "./env-error";

describe("environment errors", () => {
  const schema = z.object({
    PORT: z.coerce.number().int().max(65_535),
    LOG_LEVEL: z.enum(["info", "debug"]).default("info"),
  });

  it("names every bad variable in one line, without its value", () => {
    try {
      parseEnv(schema, { PORT: "99999", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as EnvError).message;
      expect(message).not.toContain("\n");
      expect(message).toMatch(/^PORT: .*; LOG_LEVEL: /);
      expect(message).not.toContain("99999");
    }
  });

  it("gathers the problems of every part of an app's environment", () => {
    const bad = () => parseEnv(schema, { PORT: "x" });
    const alsoBad = () => {
      throw new EnvError(["DATABASE_URL: must be a postgres:// URL"]);
    };
    expect(() => readEnvParts(bad, alsoBad)).toThrow(/^PORT: .*; DATABASE_URL: must be/);
    expect(
      readEnvParts(
        () => parseEnv(schema, { PORT: "80" }),
        () => 2,
      ),
    ).toEqual([{ PORT: 80, LOG_LEVEL: "info" }, 2]);
  });
});
