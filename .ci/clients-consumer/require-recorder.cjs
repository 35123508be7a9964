// A CommonJS consumer. The packages are ESM-only: `import()` works from CommonJS on every
// supported Node, and `require` wherever Node loads ES modules with it (20.19+, 22.12+).
const [major, minor] = process.versions.node.split(".").map(Number);
const requireLoadsEsm =
  (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
try {
  const { createRecorder } = require("@steward/recorder");
  if (typeof createRecorder !== "function") throw new Error("require found no createRecorder");
  console.log(
    `require("@steward/recorder") on Node ${process.version}: createRecorder is a function`,
  );
} catch (error) {
  if (requireLoadsEsm) throw error;
  console.log(`require("@steward/recorder") on Node ${process.version}: ${error.code} (ESM-only)`);
}
import("@steward/recorder").then(({ createRecorder }) => {
  if (typeof createRecorder !== "function") throw new Error("import() found no createRecorder");
  console.log('import("@steward/recorder") from CommonJS: createRecorder is a function');
});
