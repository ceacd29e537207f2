import type { Metadata } from "next";
import Link from "next/link";
import { Layers } from "lucide-react";
import { Button, Card, CardContent, EmptyState, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { listBulkOperations } from "@/lib/bulk/operations";
import { formatDateTime } from "@/lib/core/format";
import { OperationProgress, StateBadge } from "./operation-progress";

export const metadata: Metadata = { title: "Bulk work" };

/** J1: the studio's recent bulk messages and imports, each with its progress and a link to its result. */
export default async function OperationsPage() {
  const ctx = await requireStaffContext();
  const ops = await listBulkOperations(ctx, { limit: 50 });
  const tz = ctx.studio.timezone;
  return (
    <div className="grid max-w-4xl gap-6">
      <PageHeader
        title="Bulk work"
        description="Messages to many clients and large member imports run in the background. Follow them here, and come back for their results."
      />
      {ops.length === 0 ? (
        <EmptyState
          icon={Layers}
          title="No bulk work yet"
          description="Select clients on the Clients list and choose Message, or import a members file under Memberships → Import members. Each shows up here."
          action={
            <div className="flex flex-wrap justify-center gap-2">
              <Button asChild>
                <Link href="/dashboard/clients">Go to Clients</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href="/dashboard/memberships/import">Import members</Link>
              </Button>
            </div>
          }
        />
      ) : (
        <ul className="grid gap-3" aria-label="Recent bulk work">
          {ops.map((op) => (
            <li key={op.id}>
              <Card>
                <CardContent className="grid gap-3 pt-5">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <Link
                      href={`/dashboard/operations/${op.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {op.kind === "message" ? "Message" : "Import"}: {op.title}
                    </Link>
                    <StateBadge state={op.state} />
                  </div>
                  <OperationProgress op={op} label={op.kind === "message" ? "Mails" : "Rows"} />
                  <p className="text-xs text-muted-foreground">
                    Started {formatDateTime(op.createdAt, tz)}
                    {op.by ? ` by ${op.by}` : ""}
                  </p>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
