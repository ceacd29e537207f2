import { route } from "@/lib/api/handler";
import { createWebhookEndpointEndpoint, listWebhookEndpointsEndpoint } from "@/lib/api/endpoints";

export const GET = route(listWebhookEndpointsEndpoint);
export const POST = route(createWebhookEndpointEndpoint);
