// Every endpoint module, imported once so the OpenAPI document lists them all.
export * from "./studio";
export * from "./clients";
