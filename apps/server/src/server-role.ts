/** How the server names itself in its data folder's lock, and so to a process it keeps out. */
export const serverRole = "the Steward server";

/** Where a process on this machine reaches a server listening on `host`. */
export function loopbackUrl(host: string, port: number): string {
  if (host === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (host === "::" || host === "[::]") return `http://[::1]:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
