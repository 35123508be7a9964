import type { Case } from "./cases";

export type Timing = { p50: number; p99: number; samples: number };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Times one case after a warm-up, one call at a time (a single client). */
export async function timeCase(item: Case, samples: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await item.run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await item.run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples };
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
