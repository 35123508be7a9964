import { keyGrants, useCurrentKey } from "../session";

/** Whether the signed-in key may change things; the API refuses anyway, this spares the click. */
export function useCanWrite(): boolean {
  const current = useCurrentKey();
  return keyGrants(current.data?.scopes ?? [], "write");
}

/** Stands where a control would be for a key that can read but not act. */
export function ReadOnlyNote({ action }: { action: string }) {
  return (
    <p className="read-only-note">
      This key can read but not {action}: it lacks the <code>write</code> scope. Sign in with a key
      that has it to {action}.
    </p>
  );
}
