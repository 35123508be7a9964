import { skipToken, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

/**
 * The user a key acted for, by name. The API records that user on answers and assignments, and
 * nothing when the key acts for no user, which is said rather than left blank.
 */
export function UserName({ userId }: { userId: string | null }) {
  const trpc = useTRPC();
  const user = useQuery(
    trpc.users.get.queryOptions(userId ? { id: userId } : skipToken, { staleTime: 5 * 60_000 }),
  );
  if (userId === null) return <span className="muted">a key acting for no user</span>;
  if (user.data) return <span title={user.data.email}>{user.data.name ?? user.data.email}</span>;
  return <code title={userId}>user {userId.slice(0, 8)}</code>;
}
