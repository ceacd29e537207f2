import type { Metadata } from "next";
import { FileSignature } from "lucide-react";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, Disclosure, EmptyState } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { listClasses } from "@/lib/classes";
import { formatDateTime } from "@/lib/core/format";
import { listForms, MarkdownView, questionsText } from "@/lib/forms";
import { listPlans } from "@/lib/plans";
import { CreateFormForm, PublishVersionForm, RequirementsForm } from "./form-editors";

export const metadata: Metadata = { title: "Forms" };

/**
 * F1: Settings → Forms: waivers and intake forms, versioned. Editing publishes a
 * new version (everyone or only new clients sign again); plans and classes may
 * require a form before the first purchase or booking. Owners and managers (the
 * settings layout refuses the other roles).
 */
export default async function FormsSettingsPage() {
  const ctx = await requireStaffContext();
  const [forms, plans, classes] = await Promise.all([listForms(ctx), listPlans(ctx), listClasses(ctx)]);
  const planChoices = plans.map((p) => ({ id: p.id, name: p.name }));
  const classChoices = classes.map((c) => ({ id: c.id, name: c.title }));
  const names = new Map([...planChoices, ...classChoices].map((x) => [x.id, x.name]));
  const tz = ctx.studio.timezone;

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Forms and waivers</CardTitle>
          <CardDescription>
            A waiver or intake form that a plan or class requires is signed before the first purchase or booking that
            needs it, in the portal, the sign-up on your website, or at the desk. Each signer gets a copy by email.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Disclosure summary="New form" defaultOpen={forms.length === 0}>
            <CreateFormForm plans={planChoices} classes={classChoices} />
          </Disclosure>
        </CardContent>
      </Card>

      <section aria-labelledby="forms-list" className="grid gap-4">
        <h3 id="forms-list" className="text-base font-semibold">
          Your forms
        </h3>
        {forms.length === 0 ? (
          <EmptyState
            icon={FileSignature}
            headingLevel="h3"
            title="No forms yet"
            description="Write your waiver above and choose the plans or classes that require it."
          />
        ) : (
          forms.map((f) => {
            const required = [...f.requiredFor.planIds, ...f.requiredFor.classIds].map((id) => names.get(id) ?? id);
            return (
              <Card key={f.id} data-testid="form-card">
                <CardHeader>
                  <CardTitle as="h4" className="text-base">
                    {f.title}
                  </CardTitle>
                  <CardDescription>
                    <Badge variant="neutral">Version {f.version}</Badge> published {formatDateTime(f.publishedAt, tz)}
                    {f.version > 1
                      ? f.resign === "everyone"
                        ? ", everyone signs again"
                        : ", only new clients sign"
                      : ""}
                    .{" "}
                    {required.length
                      ? `Required for ${required.join(", ")}.`
                      : "Not required by any plan or class yet."}
                  </CardDescription>
                </CardHeader>
                <CardContent className="grid gap-3">
                  <Disclosure summary="Read the text">
                    <MarkdownView body={f.body} headingLevel={4} className="text-sm" />
                    {f.questions.length ? (
                      <ul className="mt-3 grid list-disc gap-1 pl-5 text-sm">
                        {f.questions.map((q) => (
                          <li key={q.id}>
                            {q.label} {q.health ? <Badge variant="warning">Health</Badge> : null}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </Disclosure>
                  <Disclosure summary="Edit: publish a new version">
                    <PublishVersionForm
                      formId={f.id}
                      title={f.title}
                      body={f.body}
                      questions={questionsText(f.questions)}
                    />
                  </Disclosure>
                  <Disclosure summary="Required for">
                    <RequirementsForm
                      formId={f.id}
                      plans={planChoices}
                      classes={classChoices}
                      planIds={f.requiredFor.planIds}
                      classIds={f.requiredFor.classIds}
                    />
                  </Disclosure>
                </CardContent>
              </Card>
            );
          })
        )}
      </section>
    </div>
  );
}
