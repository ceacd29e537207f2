import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { apiContext } from "@/lib/api/internal";
import { errorResponse } from "@/lib/api";
import { DomainError } from "@/lib/core/errors";
import { buildMcpServer } from "./server";

/**
 * X3: the Model Context Protocol over streamable HTTP (the official SDK), stateless: each POST is authenticated by
 * its `Authorization: Bearer <key>` (401/429 as the API), and its tools act as that key within its scopes.
 */
export async function handleMcpRequest(request: Request): Promise<Response> {
  let ctx;
  try {
    ctx = await apiContext(request);
  } catch (e) {
    if (e instanceof DomainError) return errorResponse(e);
    throw e;
  }
  const server = buildMcpServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    void server.close();
  }
}
