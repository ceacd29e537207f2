import { handleMcpRequest } from "@/lib/mcp";

/** X3: the MCP server (lib/mcp/http.ts), stateless: no GET (server-sent stream) or DELETE (session end); Next.js answers them 405. */
export const POST = handleMcpRequest;
