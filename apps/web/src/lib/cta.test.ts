import { describe, expect, it } from "vitest";
import { describeResponse, readAnswer } from "./cta";

describe("readAnswer", () => {
  it("reads each stored answer shape", () => {
    expect(readAnswer({ approved: true })).toEqual({
      summary: "Approved",
      approved: true,
      note: null,
    });
    expect(readAnswer({ approved: false, note: "Not on a Friday" })).toEqual({
      summary: "Denied",
      approved: false,
      note: "Not on a Friday",
    });
    expect(readAnswer({ text: "Ship it on Monday" }).summary).toBe("Ship it on Monday");
    expect(readAnswer({ choice: "staging" }).summary).toBe("staging");
  });

  it("shows an unknown shape as JSON instead of hiding it", () => {
    expect(readAnswer({ verdict: "yes" }).summary).toBe('{"verdict":"yes"}');
    expect(readAnswer(null).summary).toBe("—");
  });
});

describe("describeResponse", () => {
  it("puts an approval's note after the decision", () => {
    expect(describeResponse({ approved: true, note: "Go" })).toBe("Approved: Go");
    expect(describeResponse({ approved: true })).toBe("Approved");
  });
});
