// X2: outgoing webhooks — the public surface (each verb checks `apikeys.manage`).
export {
  createWebhookEndpoint,
  CreateWebhookInput,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
} from "./webhook-endpoints";
export { WEBHOOK_EVENTS, type WebhookEventType } from "./events";
export { verifySignature } from "./sign";
