export * from "./studios";
export * from "./auth";
export * from "./staff";
export * from "./clients";
export * from "./api-keys";
export * from "./messages";
export * from "./audit";
export * from "./rate-limits";
