import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { WriteHealthTracker } from "./write-health";

const writeCommands = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]);

function noteResult(tracker: WriteHealthTracker, result: unknown) {
  const results = Array.isArray(result) && !("command" in result) ? result : [result];
  const wrote = (results as { command?: unknown }[]).some(
    (one) => typeof one?.command === "string" && writeCommands.has(one.command),
  );
  if (wrote) tracker.noteWrite();
}

/**
 * The PGlite instance as drizzle should see it: every statement's outcome goes to the tracker.
 * After a PANIC (as when the disk is full while PGlite starts a WAL segment) the WebAssembly
 * Postgres is dead and the next statement spins forever, freezing the whole process: so from
 * then on every call fails at once with the PANIC's code, until the process restarts.
 */
export function observePglite(pglite: PGlite, tracker: WriteHealthTracker): PGlite {
  let stopped: Error | undefined;
  const refuseIfStopped = () => {
    if (stopped) throw stopped;
  };
  const observe = async <T>(work: () => Promise<T>): Promise<T> => {
    refuseIfStopped();
    try {
      const result = await work();
      noteResult(tracker, result);
      return result;
    } catch (error) {
      const { severity, code, message } = error as {
        severity?: string;
        code?: string;
        message?: string;
      };
      if (severity === "PANIC" && !stopped) {
        const reason = `the embedded database stopped after: ${message}; restart Steward once that is fixed`;
        stopped = Object.assign(new Error(reason), { code: code ?? "58030", cause: error });
        tracker.noteStopped(reason, code);
      } else {
        tracker.noteFailure(error);
      }
      throw error;
    }
  };
  const wrapStatements = <C extends object>(target: C): C =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object);
        if (typeof value !== "function") return value;
        if (property === "query" || property === "exec" || property === "sql") {
          return (...args: unknown[]) => observe(() => value.apply(object, args));
        }
        if (property === "transaction") {
          return (callback: (tx: object) => Promise<unknown>) =>
            observe(() => value.call(object, (tx: object) => callback(wrapStatements(tx))));
        }
        if (property === "close") {
          // A dead instance never answers close either; the process exit frees it.
          return () => (stopped ? Promise.resolve() : value.call(object));
        }
        // PGlite keeps its state in private fields, which only the real instance can reach.
        return value.bind(object);
      },
    });
  return wrapStatements(pglite);
}

/** The same for postgres.js: statement outcomes go to the tracker (drizzle uses unsafe/begin/savepoint). */
export function observePostgres(connection: Sql, tracker: WriteHealthTracker): Sql {
  const wrap = <C extends object>(target: C): C =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object);
        if (property === "unsafe" && typeof value === "function") {
          return (...args: unknown[]) => {
            const query = value.apply(object, args);
            // A postgres.js query runs when awaited (and `.values()` returns the same query), so
            // its own `then` sees the outcome of exactly the statement drizzle awaits.
            const then = query.then;
            // biome-ignore lint/suspicious/noThenProperty: the query stays the thenable drizzle awaits.
            query.then = (onDone?: (r: unknown) => unknown, onFailed?: (e: unknown) => unknown) =>
              then.call(
                query,
                (result: unknown) => {
                  noteResult(tracker, result);
                  return onDone ? onDone(result) : result;
                },
                (error: unknown) => {
                  tracker.noteFailure(error);
                  if (onFailed) return onFailed(error);
                  throw error;
                },
              );
            return query;
          };
        }
        if ((property === "begin" || property === "savepoint") && typeof value === "function") {
          return (...args: unknown[]) => {
            const callback = args.at(-1) as (tx: object) => unknown;
            const rest = args.slice(0, -1);
            return value.call(object, ...rest, (tx: object) => callback(wrap(tx)));
          };
        }
        return typeof value === "function" ? value.bind(object) : value;
      },
      apply(fn, thisArg, args) {
        return Reflect.apply(fn as (...a: unknown[]) => unknown, thisArg, args);
      },
    });
  return wrap(connection);
}
