"use server";

// The server actions of the record controls (record-actions.tsx). Not named record-actions.ts: "./record-actions"
// must resolve to the component alone (TypeScript prefers .ts, the bundler .tsx).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { deleteClient, eraseClient, findMergeCandidates, mergeClients, type MergeCandidate } from "@/lib/clients";
import { NotFoundError } from "@/lib/core/errors";

/** What the merge picker shows of a client (plain values: it crosses to the browser). */
export type MergeChoice = Omit<MergeCandidate, "createdAt"> & { createdAt: string };

/** C5 picker: clients matching a name, email or phone that could be merged into this one. */
export async function searchMergeCandidatesAction(targetClientId: string, q: string): Promise<MergeChoice[]> {
  const ctx = await requireStaffContext();
  try {
    const found = await findMergeCandidates(ctx, {
      targetClientId: String(targetClientId),
      q: String(q).slice(0, 200),
    });
    return found.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }));
  } catch (e) {
    if (e instanceof NotFoundError) return [];
    throw e;
  }
}

/** C5: merges the chosen client into this one; the page then shows the merged record. */
export async function mergeClientsAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const targetClientId = text(form, "targetClientId");
    if (!text(form, "sourceClientId")) return { ok: false, formError: "Choose the client to merge in." };
    const merged = await mergeClients(ctx, { targetClientId, sourceClientId: text(form, "sourceClientId") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: `Merged. Everything now sits on ${merged.name}'s record.` };
  });
}

/** C4, H2: deletes the client (the verb decides whether it may); back to the list. */
export async function deleteClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    await deleteClient(ctx, { clientId: text(form, "clientId") });
    revalidatePath("/dashboard", "layout");
    redirect("/dashboard/clients");
  });
}

/** The word typed to confirm an erasure. */
const CONFIRM_WORD = "ERASE";

/** P1: erases the client's personal data once the owner typed the confirmation word; back to the list. */
export async function eraseClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    if (text(form, "confirm") !== CONFIRM_WORD) {
      return { ok: false, fieldErrors: { confirm: [`Type ${CONFIRM_WORD} in capital letters to confirm.`] } };
    }
    await eraseClient(ctx, { clientId: text(form, "clientId") });
    revalidatePath("/dashboard", "layout");
    redirect("/dashboard/clients");
  });
}
