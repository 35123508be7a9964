// The tRPC routers over @steward/db arrive with the API issue; this package is their home.
export {};
