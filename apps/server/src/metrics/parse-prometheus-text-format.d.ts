declare module "parse-prometheus-text-format" {
  export type MetricSample = {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  };
  export type MetricFamily = { name: string; help: string; type: string; metrics: MetricSample[] };
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
