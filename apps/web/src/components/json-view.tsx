import { useState } from "react";

/**
 * A JSON value as a collapsible tree. Objects and arrays past `openDepth` start closed, so a
 * tool output of thousands of lines costs one line until someone opens it.
 */
export function JsonView({ value, openDepth = 1 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json">
      <JsonNode value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

/** How a node is shown: its kind, and for containers their entries. */
export function describeJson(
  value: unknown,
):
  | { kind: "scalar"; text: string; type: "string" | "number" | "boolean" | "null" }
  | { kind: "container"; open: string; close: string; entries: [string, unknown][] } {
  if (value === null || value === undefined) return { kind: "scalar", text: "null", type: "null" };
  if (Array.isArray(value)) {
    return {
      kind: "container",
      open: "[",
      close: "]",
      entries: value.map((item, index) => [String(index), item]),
    };
  }
  if (typeof value === "object") {
    return { kind: "container", open: "{", close: "}", entries: Object.entries(value) };
  }
  if (typeof value === "string") {
    return { kind: "scalar", text: JSON.stringify(value), type: "string" };
  }
  if (typeof value === "number") return { kind: "scalar", text: String(value), type: "number" };
  return { kind: "scalar", text: String(value), type: "boolean" };
}

function JsonNode({
  value,
  depth,
  openDepth,
  name,
}: {
  value: unknown;
  depth: number;
  openDepth: number;
  name?: string;
}) {
  const shown = describeJson(value);
  const [open, setOpen] = useState(depth < openDepth);
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (shown.kind === "scalar") {
    return (
      <div className="json-line">
        {label}
        <span className={`json-${shown.type}`}>{shown.text}</span>
      </div>
    );
  }
  const count = shown.entries.length;
  if (count === 0) {
    return (
      <div className="json-line">
        {label}
        {shown.open}
        {shown.close}
      </div>
    );
  }
  return (
    <div className="json-line">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? "▾" : "▸"}
      </button>
      {label}
      {open ? (
        <>
          {shown.open}
          <div className="json-children">
            {shown.entries.map(([key, child]) => (
              <JsonNode
                key={key}
                name={key}
                value={child}
                depth={depth + 1}
                openDepth={openDepth}
              />
            ))}
          </div>
          {shown.close}
        </>
      ) : (
        <span className="json-summary">
          {shown.open} {count} {count === 1 ? "entry" : "entries"} {shown.close}
        </span>
      )}
    </div>
  );
}
