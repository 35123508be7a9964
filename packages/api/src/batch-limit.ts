/** The most calls the server takes in one batched request; clients never send more. */
export const maxBatchSize = 20;
