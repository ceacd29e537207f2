import type { Message } from "@/db/schema";
import { isTemplateName, renderTemplate } from "@/lib/mail/templates";

/**
 * The text of a recorded mail (Sent mail). A templated mail's text is rendered by the `mail.send` job when it is
 * delivered (J1), so a mail still queued has only its template and props: this renders them exactly as delivery
 * will (lib/mail/deliver.ts), and gives the recorded text once there is one.
 */
export async function mailText(m: Pick<Message, "body" | "template" | "props"> | undefined): Promise<string> {
  if (!m) return "";
  if (m.body || !m.template || !m.props || !isTemplateName(m.template)) return m.body ?? "";
  return (await renderTemplate(m.template, m.props as never)).text;
}
