import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { signIn } from "../session";

export function SignInPage() {
  const queryClient = useQueryClient();
  const [key, setKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(key.trim());
      setKey("");
      await queryClient.invalidateQueries();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page sign-in">
      <h1>Steward</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="stw_…"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby="api-key-help"
          required
        />
        <p id="api-key-help" className="hint">
          The key <code>pnpm start</code> printed when it created the workspace, or one made with{" "}
          <code>pnpm steward key create</code>. It is kept in an HTTP-only cookie, never in the
          address bar.
        </p>
        {problem ? (
          <p className="error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy || key.trim() === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
