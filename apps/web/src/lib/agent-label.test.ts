import { describe, expect, it } from "vitest";
import { agentLabel } from "./agent-label";

describe("agentLabel", () => {
  it("names an agent of another framework by its name, with no type made up", () => {
    expect(agentLabel({ agentName: "Researcher", agentType: null })).toBe("Researcher");
  });

  it("names a Steward agent by its type, and by both when it also has a name", () => {
    expect(agentLabel({ agentName: null, agentType: "coder" })).toBe("coder");
    expect(agentLabel({ agentName: "Reviewer", agentType: "judge" })).toBe("Reviewer · judge");
    expect(agentLabel({ agentName: "coder", agentType: "coder" })).toBe("coder");
  });

  it("says the agent is unnamed when neither is known", () => {
    expect(agentLabel({ agentName: null, agentType: null })).toBe("unnamed agent");
  });
});
