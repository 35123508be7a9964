import type { CrossWorkspaceCases } from "./case";

export const identityCases: CrossWorkspaceCases = {
  "users.create": {
    exempt: "creates in the caller's workspace and names no other row",
    // The fixture's email in B must not collide across workspaces either.
    input: (b) => ({ email: `${b.user}@example.com` }),
  },
  "users.update": { notFound: (b) => ({ id: b.user, name: "stolen" }) },
  "users.get": { notFound: (b) => ({ id: b.user }) },
  "users.list": { ownRowsOnly: () => ({}) },
  "users.settings": { notFound: (b) => ({ userId: b.user }) },
  "users.updateSettings": { notFound: (b) => ({ userId: b.user, defaultModel: "stolen" }) },
};
