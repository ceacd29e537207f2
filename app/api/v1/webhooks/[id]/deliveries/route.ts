import { route } from "@/lib/api/handler";
import { listWebhookDeliveriesEndpoint } from "@/lib/api/endpoints";

export const GET = route(listWebhookDeliveriesEndpoint);
