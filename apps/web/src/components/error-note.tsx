import { isTRPCClientError } from "@trpc/client";

/** An API error as a person can act on it: the server's message and the field at fault. */
export function describeError(error: unknown): { message: string; field: string | null } {
  if (isTRPCClientError(error)) {
    const data = error.data as { field?: string | null } | undefined;
    return { message: error.message, field: data?.field ?? null };
  }
  return { message: error instanceof Error ? error.message : String(error), field: null };
}

export function ErrorNote({ error }: { error: unknown }) {
  const { message, field } = describeError(error);
  return (
    <p className="error" role="alert">
      {field ? <strong>{field}: </strong> : null}
      {message}
    </p>
  );
}
