import { FileSignature } from "lucide-react";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, Disclosure } from "@/app/_ui";
import { SignFormCard } from "@/app/_components/forms/sign-form";
import { formToSignView } from "@/app/_components/forms/view";
import { requireStaffContext } from "@/lib/auth";
import { can } from "@/lib/core/permissions";
import { formatDateTime } from "@/lib/core/format";
import { listClientForms, listUnsignedForms, MarkdownView } from "@/lib/forms";
import { deskSignFormAction } from "./form-actions";

/** F1: the "unsigned" badge beside the client's name when a form some plan or class requires is not signed. */
export async function UnsignedFormsBadge({ clientId }: { clientId: string }) {
  const ctx = await requireStaffContext();
  const unsigned = await listUnsignedForms(ctx, clientId);
  if (!unsigned.length) return null;
  return (
    <a href="#forms" data-testid="unsigned-forms">
      <Badge variant="warning">Unsigned: {unsigned.map((f) => f.title).join(", ")}</Badge>
    </a>
  );
}

/**
 * F1: the client's forms: each signed version (the exact text, name, time,
 * address, answers; health answers only for roles T2 allows), the forms still
 * to sign, and signing at the desk on the client's behalf.
 */
export async function FormsSection({ clientId, clientName }: { clientId: string; clientName: string }) {
  const ctx = await requireStaffContext();
  const [signed, unsigned] = await Promise.all([
    listClientForms(ctx, clientId, { withHealth: true }),
    listUnsignedForms(ctx, clientId),
  ]);
  if (!signed.length && !unsigned.length) return null;
  const tz = ctx.studio.timezone;
  const desk = can(ctx, "bookings.manage");
  const healthAllowed = can(ctx, "forms.health");
  return (
    <Card id="forms" className="scroll-mt-14">
      <CardHeader>
        <CardTitle>Forms</CardTitle>
        <CardDescription>Waivers and intake forms this client signed, and those still to sign.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {unsigned.map((f) => (
          <div key={f.id} className="grid gap-2">
            <p className="text-sm">
              <Badge variant="warning">Unsigned</Badge> {f.title}
              {f.signedVersion !== null ? ` (signed version ${f.signedVersion}; version ${f.version} is new)` : ""}. The
              next booking or purchase that needs it is refused until it is signed.
            </p>
            {desk ? (
              <Disclosure summary={<>Sign at the desk</>}>
                <SignFormCard
                  form={formToSignView(f)}
                  action={deskSignFormAction}
                  hidden={{ clientId }}
                  forName={clientName}
                  atDesk
                  headingLevel={3}
                />
              </Disclosure>
            ) : null}
          </div>
        ))}
        {signed.length ? (
          <ul className="grid gap-3" aria-label="Signed forms">
            {signed.map((s) => (
              <li key={s.signatureId} className="rounded-md border border-border p-3 text-sm" data-testid="signed-form">
                <p className="flex flex-wrap items-center gap-2">
                  <FileSignature aria-hidden className="size-4" />
                  <span className="font-medium">{s.title}</span>
                  <Badge variant="success">Signed</Badge>
                  <span>
                    version {s.version}, by {s.fullName}, {formatDateTime(s.signedAt, tz)}
                    {s.atDeskBy ? `, at the desk (${s.atDeskBy})` : ""}
                    {s.signedByClientId ? ", by the primary customer" : ""}
                  </span>
                </p>
                <Disclosure summary="Details" className="mt-2">
                  <MarkdownView body={s.body} headingLevel={4} />
                  <dl className="mt-3 grid gap-1">
                    {s.questions.map((q) => {
                      const answer = q.health ? s.healthAnswers?.[q.id] : s.answers[q.id];
                      if (q.health && !healthAllowed) return null;
                      return (
                        <div key={q.id} className="flex flex-wrap gap-x-2">
                          <dt className="text-muted-foreground">
                            {q.label}
                            {q.health ? " (health)" : ""}
                          </dt>
                          <dd>{answer ?? "—"}</dd>
                        </div>
                      );
                    })}
                    <div className="flex flex-wrap gap-x-2">
                      <dt className="text-muted-foreground">From</dt>
                      <dd className="break-all">
                        {s.ipAddress ?? "unknown address"}, {s.userAgent ?? "unknown browser"}
                      </dd>
                    </div>
                  </dl>
                  {!healthAllowed && s.questions.some((q) => q.health) ? (
                    <p className="mt-2 text-xs text-muted-foreground">
                      Answers to health questions are shown to owners and managers only.
                    </p>
                  ) : null}
                </Disclosure>
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}
