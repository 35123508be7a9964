import { describe, expect, it } from "vitest";
import { classifyFailure } from "./failure-kind";

/** A driver error as drizzle hands it over: wrapped, with the statement in the message. */
const wrapped = (cause: object) =>
  Object.assign(new Error("Failed query: insert into … params: …"), { cause });
const database = (code: string) => wrapped({ code, message: `error ${code}` });

describe("what a failed batch means", () => {
  it("waits and retries unchanged when the database is unavailable or the batch lost a race", () => {
    const unavailable = [
      database("08006"), // connection failure
      database("08001"),
      database("57P01"), // admin shutdown
      database("57P02"), // crash shutdown
      database("57P03"), // cannot connect now
      database("53300"), // too many connections
      database("40001"), // serialization failure
      database("40P01"), // deadlock
      wrapped({ code: "CONNECTION_CLOSED", message: "write CONNECTION_CLOSED" }),
      wrapped({ code: "CONNECTION_ENDED", message: "write CONNECTION_ENDED" }),
      wrapped({ code: "CONNECT_TIMEOUT", message: "connect timeout" }),
      wrapped({ code: "EPIPE", message: "write EPIPE" }),
      wrapped({ code: "ECONNRESET", message: "read ECONNRESET" }),
      new Error("no code at all"),
    ];
    for (const error of unavailable)
      expect(classifyFailure(error), JSON.stringify(error.cause)).toBe("retry");
  });

  it("isolates the offending event for anything else the database says", () => {
    for (const code of ["22008", "23505", "54000", "53200", "57014", "XX000", "42703", "P0001"]) {
      expect(classifyFailure(database(code)), code).toBe("isolate");
    }
  });
});
