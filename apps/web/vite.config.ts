import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the console runs on Vite's server and reaches a running Steward through this
// proxy, so the browser sees one origin and the session cookie travels as it does in production.
const steward = process.env.STEWARD_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ["/trpc", "/console/session", "/v1", "/openapi.json"].map((path) => [path, steward]),
    ),
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
