import type { CrossWorkspaceCases } from "./case";

export const identityCases: CrossWorkspaceCases = {};
