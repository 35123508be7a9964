// The telemetry worker arrives with the pipeline issue; this package is its home.
export {};
