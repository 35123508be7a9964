import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";
import { useTRPC } from "./trpc";

/** The signed-in key: its workspace, name, scopes and user. */
export function useCurrentKey() {
  const trpc = useTRPC();
  return useQuery(
    trpc.apiKeys.current.queryOptions(undefined, { retry: false, staleTime: 60_000 }),
  );
}

export type CurrentKey = NonNullable<ReturnType<typeof useCurrentKey>["data"]>;

export function isSignedOut(error: unknown): boolean {
  return isTRPCClientError(error) && error.data?.code === "UNAUTHORIZED";
}

/** Exchanges a key for the session cookie; the answer's message names what was wrong. */
export async function signIn(key: string): Promise<void> {
  const response = await fetch("/console/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
    credentials: "same-origin",
  });
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  throw new Error(body?.error ?? `Sign-in failed (HTTP ${response.status})`);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    await fetch("/console/session", { method: "DELETE", credentials: "same-origin" });
    queryClient.clear();
    window.location.assign("/");
  };
}

/** Whether the key may do what `scope` allows (`write` reads too; `admin` does anything). */
export function keyGrants(scopes: readonly string[], scope: "read" | "write" | "admin"): boolean {
  if (scopes.includes(scope) || scopes.includes("admin")) return true;
  return scope === "read" && scopes.includes("write");
}
