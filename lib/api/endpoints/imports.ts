// Platform API endpoints for this area (see ../endpoint.ts). Filled in by the memberships work.
export {};
