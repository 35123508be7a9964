// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { describeJson, JsonView } from "./json-view";

afterEach(cleanup);

describe("JsonView", () => {
  it("shows each scalar with its JSON type", () => {
    const { container } = render(
      <JsonView value={{ text: "hi", count: 3, ok: false, none: null }} />,
    );
    expect(container.querySelector(".json-string")?.textContent).toBe('"hi"');
    expect(container.querySelector(".json-number")?.textContent).toBe("3");
    expect(container.querySelector(".json-boolean")?.textContent).toBe("false");
    expect(container.querySelector(".json-null")?.textContent).toBe("null");
  });

  it("quotes a string that looks like another type, so it is not mistaken for one", () => {
    const { container } = render(<JsonView value={["42", "null"]} />);
    const strings = [...container.querySelectorAll(".json-string")].map((node) => node.textContent);
    expect(strings).toEqual(['"42"', '"null"']);
    expect(container.querySelector(".json-number")).toBeNull();
  });

  it("opens containers above openDepth and summarizes those below it", () => {
    render(<JsonView value={{ outer: { inner: { deep: 1 } }, list: [1, 2, 3] }} openDepth={1} />);
    const [root, outer, list] = screen.getAllByRole("button");
    expect(root?.getAttribute("aria-expanded")).toBe("true");
    expect(outer?.getAttribute("aria-expanded")).toBe("false");
    expect(list?.getAttribute("aria-expanded")).toBe("false");
    expect(screen.getByText("{ 1 entry }")).toBeTruthy();
    expect(screen.getByText("[ 3 entries ]")).toBeTruthy();
    expect(screen.queryByText("inner:", { exact: false })).toBeNull();
  });

  it("starts everything closed at openDepth 0 and everything open when deep enough", () => {
    const value = { a: { b: { c: true } } };
    const { unmount } = render(<JsonView value={value} openDepth={0} />);
    expect(screen.getAllByRole("button")).toHaveLength(1);
    expect(screen.getByRole("button").getAttribute("aria-expanded")).toBe("false");
    unmount();
    render(<JsonView value={value} openDepth={10} />);
    const toggles = screen.getAllByRole("button");
    expect(toggles).toHaveLength(3);
    for (const toggle of toggles) expect(toggle.getAttribute("aria-expanded")).toBe("true");
  });

  it("opens and closes a container when its toggle is clicked", () => {
    render(<JsonView value={{ child: { leaf: "x" } }} openDepth={1} />);
    const toggle = screen.getAllByRole("button")[1];
    if (!toggle) throw new Error("no toggle for the child");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText('"x"')).toBeTruthy();
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByText('"x"')).toBeNull();
  });

  it("is operable from the keyboard: each toggle is a focusable native button", () => {
    render(<JsonView value={{ child: [1] }} openDepth={1} />);
    const toggle = screen.getAllByRole("button")[1];
    if (!toggle) throw new Error("no toggle for the child");
    // A native <button type="button"> is in the tab order and browsers turn Enter and Space on
    // it into a click, so the keyboard takes the same path as the pointer. happy-dom does not
    // synthesize that click, so the test checks the element and then the click it would get.
    expect(toggle.tagName).toBe("BUTTON");
    expect(toggle.getAttribute("type")).toBe("button");
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
  });

  it("shows empty containers as {} and [] with nothing to open", () => {
    const { container } = render(<JsonView value={{ none: {}, nothing: [] }} />);
    const text = container.textContent ?? "";
    expect(text).toContain("none: {}");
    expect(text).toContain("nothing: []");
    // Only the root has a toggle: an empty container has nothing to reveal.
    expect(screen.getAllByRole("button")).toHaveLength(1);
  });
});

describe("describeJson", () => {
  it("treats undefined as null, as JSON would", () => {
    expect(describeJson(undefined)).toEqual({ kind: "scalar", text: "null", type: "null" });
  });

  it("keys array entries by index", () => {
    expect(describeJson(["a", "b"])).toMatchObject({
      kind: "container",
      open: "[",
      close: "]",
      entries: [
        ["0", "a"],
        ["1", "b"],
      ],
    });
  });
});
