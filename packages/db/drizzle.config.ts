import { defineConfig } from "drizzle-kit";

// The drift check generates into a scratch copy of the migrations, never into the real folder.
const out = process.env.STEWARD_MIGRATIONS_OUT ?? "./migrations";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out,
  schemaFilter: ["agent"],
  migrations: { schema: "agent", table: "__drizzle_migrations" },
  strict: true,
  verbose: true,
});
