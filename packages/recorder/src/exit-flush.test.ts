import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./testing/exit-flush-child.ts", import.meta.url));

/** Runs the child with tsx; `onReady` runs once the child prints "ready". */
function runChild(ending: string, onReady?: (pid: number) => void) {
  return new Promise<{ stdout: string; code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      const proc = spawn(process.execPath, ["--import", "tsx", child, ending], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      proc.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (onReady && stdout.includes("ready\n") && proc.pid) {
          onReady(proc.pid);
          onReady = undefined;
        }
      });
      proc.on("error", reject);
      proc.on("close", (code, signal) => resolve({ stdout, code, signal }));
    },
  );
}

describe("registerExitFlush", () => {
  it("sends what is buffered when the event loop runs dry", async () => {
    const result = await runChild("natural");
    expect(result.stdout).toBe("sent 1\n");
    expect(result.code).toBe(0);
  });

  it("sends what is buffered on SIGTERM, then still ends by that signal", async () => {
    const result = await runChild("signal", (pid) => process.kill(pid, "SIGTERM"));
    expect(result.stdout).toBe("ready\nsent 1\n");
    expect(result.signal).toBe("SIGTERM");
  });

  it("cannot run when the process calls process.exit()", async () => {
    const result = await runChild("exit");
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  });
});
