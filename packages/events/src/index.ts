export * from "./batch";
export * from "./events";
export { ingestLimits } from "./limits";
export * from "./records";
export * from "./storable";
