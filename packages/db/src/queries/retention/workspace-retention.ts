import { eq } from "drizzle-orm";
import type { Database } from "../../database";
import { workspaces } from "../../schema";

/** Days a workspace keeps its finished telemetry; null keeps it for ever. */
export async function setTelemetryRetention(
  db: Database,
  { workspaceId, days }: { workspaceId: string; days: number | null },
) {
  const [row] = await db
    .update(workspaces)
    .set({ telemetryRetentionDays: days })
    .where(eq(workspaces.id, workspaceId))
    .returning({ days: workspaces.telemetryRetentionDays });
  return row ? { outcome: "done" as const, days: row.days } : { outcome: "missing" as const };
}

export async function readTelemetryRetention(
  db: Database,
  { workspaceId }: { workspaceId: string },
) {
  const [row] = await db
    .select({ days: workspaces.telemetryRetentionDays })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row ? { outcome: "done" as const, days: row.days } : { outcome: "missing" as const };
}
