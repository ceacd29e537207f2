import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Download, FileUp } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { IMPORT_COLUMNS } from "@/lib/memberships";
import { listPlans } from "@/lib/plans";
import { ImportForm, type ImportPlanOption } from "./import-form";

export const metadata: Metadata = { title: "Import members" };

const KIND_NAMES = { recurring: "recurring", fixed: "fixed period", sessions: "session pack" } as const;

const COLUMN_HELP: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  email: "Required. Finds the client, or creates them; case and spaces do not matter.",
  name: "The client's name, for new clients. Existing clients keep theirs.",
  phone: "Optional, for new clients.",
  startsAt: "Required. A date (2026-03-01) or a time (2026-03-01T09:00:00+01:00).",
  endsAt: "Optional. Left empty, the plan's own length applies (none for recurring plans).",
  sessionsRemaining: "Session packs only. Left empty, the pack's full size.",
  paypalSubscriptionId: "Optional, for memberships sold through PayPal.",
};

export default async function ImportMembersPage() {
  const ctx = await requireStaffContext();
  const plans: ImportPlanOption[] = (await listPlans(ctx)).map((p) => ({
    id: p.id,
    label: `${p.name} (${KIND_NAMES[p.kind]}${p.kind === "sessions" ? `, ${p.sessions} sessions` : ""})`,
  }));
  const tz = ctx.studio.timezone;

  return (
    <div className="grid max-w-4xl gap-6">
      <PageHeader
        title="Import members"
        description="Give a plan to many people at once from a CSV or JSON file. You see every row's problems first; nothing is written until you confirm."
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/memberships">
              <ArrowLeft aria-hidden="true" /> Memberships
            </Link>
          </Button>
        }
      />

      {plans.length === 0 ? (
        <EmptyState
          icon={FileUp}
          title="No plan to import into"
          description="Imported members join a plan that is on sale. Create the plan first (owners can, under Memberships), then come back with your file."
          action={
            <Button asChild>
              <Link href="/dashboard/memberships">Go to Memberships</Link>
            </Button>
          }
        />
      ) : (
        <Card>
          <CardContent className="pt-5">
            <ImportForm plans={plans} timezone={tz} />
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>What the file looks like</CardTitle>
          <CardDescription>
            A CSV with a header row (commas or semicolons), or a JSON array of objects with the same names. Dates
            without a time mean midnight in the studio&apos;s time zone, {tz}. Importing the same file again adds
            nothing: a membership is matched by email, plan and start.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
            {IMPORT_COLUMNS.map((c) => (
              <div key={c} className="contents">
                <dt className="font-mono text-xs leading-5 font-medium">{c}</dt>
                <dd className="text-muted-foreground">{COLUMN_HELP[c]}</dd>
              </div>
            ))}
          </dl>
          <div>
            <Button asChild variant="outline" size="sm">
              <a href="/dashboard/memberships/import/template" download="roster-members-import.csv">
                <Download aria-hidden="true" /> Download the CSV template
              </a>
            </Button>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
