/** A fresh id for an event or the entity it describes; the contract wants UUIDs. */
export function newId(): string {
  return crypto.randomUUID();
}
