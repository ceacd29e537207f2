// Every endpoint module, imported once so the OpenAPI document lists them all.
export * from "./studio";
export * from "./clients";
export * from "./plans";
export * from "./memberships";
export * from "./companies";
export * from "./payments";
export * from "./permissions";
export * from "./cards";
export * from "./imports";
export * from "./classes";
export * from "./bookings";
export * from "./client-notes";
export * from "./client-records";
export * from "./client-export";
