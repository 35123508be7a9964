/** How every timestamp travels in an answer: an ISO 8601 string in UTC, as `Date#toJSON` writes it. */
export const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
