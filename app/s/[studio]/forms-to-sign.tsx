import { SignFormCard } from "@/app/_components/forms/sign-form";
import { formToSignView } from "@/app/_components/forms/view";
import type { Ctx } from "@/lib/core/ctx";
import { formsToSign } from "@/lib/forms";
import { signFormAction } from "./form-actions";

/**
 * F1: before the first booking or purchase that needs a form, the portal asks
 * for it: one card per form still to sign, for the member and (H1) each
 * participant it books for (signed by the member as primary customer).
 */
export async function PortalFormsToSign({
  member,
  target,
  people = [],
  next,
}: {
  member: Ctx;
  target: { planId?: string; classId?: string };
  /** Others the member may book for (participants), besides itself. */
  people?: { id: string; name: string }[];
  next: string;
}) {
  if (member.actor.kind !== "member") return null;
  const me = member.actor.clientId;
  const who = [{ id: me, name: null as string | null }, ...people.filter((p) => p.id !== me)];
  const lists = await Promise.all(who.map((p) => formsToSign(member, { ...target, clientId: p.id })));
  const cards = who.flatMap((p, i) => lists[i]!.map((f) => ({ person: p, form: f })));
  if (cards.length === 0) return null;
  return (
    <div className="grid gap-4" data-testid="forms-to-sign">
      {cards.map(({ person, form }) => (
        <SignFormCard
          key={`${person.id}:${form.id}`}
          form={formToSignView(form)}
          action={signFormAction}
          hidden={{ studio: member.studio.slug, next, ...(person.id !== me ? { clientId: person.id } : {}) }}
          forName={person.name}
          headingLevel={3}
        />
      ))}
    </div>
  );
}
