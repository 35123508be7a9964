import { describe, expect, it } from "vitest";
import { toMinuteBars } from "./minute-chart";

const now = Date.parse("2025-06-01T12:30:40Z");
const at = (time: string) => `2025-06-01T${time}:00.000Z`;

describe("toMinuteBars", () => {
  it("covers the last span minutes oldest first, ending at now's minute without points", () => {
    const bars = toMinuteBars([], { now, span: 30 });
    expect(bars).toHaveLength(30);
    expect(bars[0]?.minute).toBe(at("12:01"));
    expect(bars.at(-1)?.minute).toBe(at("12:30"));
  });

  it("fills minutes the server left out with zero, not a missing bar", () => {
    const bars = toMinuteBars(
      [
        { minute: at("12:27"), events: 3 },
        { minute: at("12:30"), events: 5 },
      ],
      { now, span: 5 },
    );
    expect(bars.map((bar) => bar.events)).toEqual([0, 3, 0, 0, 5]);
  });

  it("scales heights to the busiest minute", () => {
    const bars = toMinuteBars(
      [
        { minute: at("12:29"), events: 10 },
        { minute: at("12:30"), events: 40 },
      ],
      { now, span: 3 },
    );
    expect(bars.map((bar) => bar.height)).toEqual([0, 0.25, 1]);
  });

  it("draws a quiet half hour as zeros rather than dividing by zero", () => {
    const bars = toMinuteBars([{ minute: at("12:30"), events: 0 }], { now, span: 5 });
    expect(bars.every((bar) => bar.height === 0 && Number.isFinite(bar.height))).toBe(true);
  });

  it("ends at the newest point when the database's clock is ahead of the browser's", () => {
    const bars = toMinuteBars([{ minute: at("12:33"), events: 2 }], { now, span: 5 });
    expect(bars.at(-1)).toEqual({ minute: at("12:33"), events: 2, height: 1 });
  });

  it("ends at the newest point when the browser's clock is ahead, dropping none of them", () => {
    const points = [at("12:25"), at("12:26"), at("12:27")].map((minute) => ({ minute, events: 1 }));
    const bars = toMinuteBars(points, { now, span: 3 });
    expect(bars.map((bar) => bar.minute)).toEqual([at("12:25"), at("12:26"), at("12:27")]);
  });

  it("adds points that fall in the same minute and skips unreadable ones", () => {
    const bars = toMinuteBars(
      [
        { minute: "2025-06-01T12:30:05Z", events: 1 },
        { minute: at("12:30"), events: 2 },
        { minute: "not a time", events: 99 },
      ],
      { now, span: 2 },
    );
    expect(bars.map((bar) => bar.events)).toEqual([0, 3]);
  });

  it("leaves points older than the window out", () => {
    const bars = toMinuteBars(
      [
        { minute: at("11:00"), events: 7 },
        { minute: at("12:30"), events: 1 },
      ],
      { now, span: 30 },
    );
    expect(bars.reduce((sum, bar) => sum + bar.events, 0)).toBe(1);
  });
});
