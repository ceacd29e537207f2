// X3: the MCP server (tools call the same verbs as the API, within the key's scopes).
export { buildMcpServer } from "./server";
export { handleMcpRequest } from "./http";
