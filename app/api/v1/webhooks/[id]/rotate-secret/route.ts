import { route } from "@/lib/api/handler";
import { rotateWebhookSecretEndpoint } from "@/lib/api/endpoints";

export const POST = route(rotateWebhookSecretEndpoint);
