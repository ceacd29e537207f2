import { route } from "@/lib/api/handler";
import { deleteWebhookEndpointEndpoint } from "@/lib/api/endpoints";

export const DELETE = route(deleteWebhookEndpointEndpoint);
