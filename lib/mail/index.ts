/**
 * Sent mail (J1): what app/ may call (STYLE Dec 2026 #2). Verbs and `get*` reads check the caller's
 * permission themselves. Helpers that do not are in ./internal.ts, which app/ may not import (eslint.config.mjs).
 * A mail is sent by enqueueing it inside the transaction that causes it (lib/jobs: `enqueueTemplateMail`).
 */
export { LINK_NOT_KEPT, ListMessagesInput, listMessages, RetryMessageInput, retryMessage } from "./list-messages";
export { TEMPLATES, renderTemplate, type TemplateName, type TemplateProps } from "./templates";
