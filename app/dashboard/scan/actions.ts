"use server";

import { text } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth/context";
import { getCard, toApiCard, type ApiCard } from "@/lib/cards/get-card";
import { DomainError, NotFoundError } from "@/lib/core/errors";

/** What a card look-up hands back to the Scan page. */
export type ScanState = {
  ok: boolean;
  card?: ApiCard;
  /** The studio's zone, to show the dates of the card in it. */
  timeZone?: string;
  /** No card with this token in this studio (unknown, replaced, malformed or another studio's). */
  notFound?: boolean;
  formError?: string;
  fieldErrors?: { token?: string[] };
  /** What was typed, kept after a refusal. */
  token?: string;
};

/** W1: staff look a card up by the token a camera read or a person typed; the verb re-checks the studio. */
export async function lookUpCardAction(_: ScanState, form: FormData): Promise<ScanState> {
  const ctx = await requireStaffContext();
  const token = text(form, "token");
  if (!token) return { ok: false, fieldErrors: { token: ["Scan a card, or type the card token."] } };
  try {
    const card = await getCard(ctx, token);
    return { ok: true, card: toApiCard(card), timeZone: ctx.studio.timezone };
  } catch (e) {
    if (e instanceof NotFoundError) return { ok: false, notFound: true, token };
    if (e instanceof DomainError) return { ok: false, formError: e.message, token };
    throw e;
  }
}
