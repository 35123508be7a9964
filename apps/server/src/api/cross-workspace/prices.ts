import type { CrossWorkspaceCases } from "./case";

const grantedOnly =
  "the price table is global: only a workspace the operator granted may change it";

export const pricesCases: CrossWorkspaceCases = {
  // Prices carry no workspace: any key reads the same table, and no row of B can appear in it.
  "prices.list": { ownRowsOnly: () => ({}) },
  "prices.match": { ownRowsOnly: () => ({ model: "claude-sonnet-4-5-20250929" }) },
  "prices.set": {
    forbidden: grantedOnly,
    input: () => ({
      model: "gpt-5",
      effectiveFrom: "2030-01-01",
      inputPrice: "0",
      outputPrice: "0",
    }),
  },
  "prices.remove": {
    forbidden: grantedOnly,
    input: () => ({ model: "gpt-5", effectiveFrom: "2025-08-07" }),
  },
};
