// Helpers that skip the permission check: for other verbs of lib/ (events in their transaction) and the job.
export { emitStudioEvent, emitWebhookEvent, listensTo, studiosListening } from "./emit";
export { deliverWebhookJob } from "./deliver";
