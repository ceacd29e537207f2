import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Alert, Badge, Button, Card, CardContent, CardHeader, CardTitle, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth/context";
import { toApiClient } from "@/lib/clients/client-input";
import { getClient } from "@/lib/clients/get-client";
import { NotFoundError } from "@/lib/core/errors";
import { formatDate } from "@/lib/core/format";
import { SOURCE_LABELS } from "../labels";
import { EditClientForm } from "./edit-client-form";

export const metadata: Metadata = { title: "Client" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ClientPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const client = await getClient(ctx, id).catch((e: unknown) => {
    // Unknown ids and other studios' clients read the same.
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const tz = ctx.studio.timezone;
  const emergency = [client.emergencyContactName, client.emergencyContactPhone].filter(Boolean).join(", ");

  return (
    <div className="grid max-w-4xl gap-6">
      {sp.created === "1" ? (
        <Alert variant="success" title="Client added" role="status">
          {client.name} is now in your client list.
        </Alert>
      ) : null}

      <PageHeader
        className="mb-0"
        title={client.name}
        description={client.email ?? "No email address"}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/clients">
              <ArrowLeft aria-hidden="true" /> All clients
            </Link>
          </Button>
        }
      >
        {client.tags.length ? (
          <ul className="mt-1 flex flex-wrap gap-1">
            {client.tags.map((t) => (
              <li key={t}>
                <Badge variant="brand">{t}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </PageHeader>

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
            <Detail term="Email">{client.email ?? "—"}</Detail>
            <Detail term="Phone">{client.phone ?? "—"}</Detail>
            <Detail term="Emergency contact">{emergency || "—"}</Detail>
            <Detail term="Source">{SOURCE_LABELS[client.source]}</Detail>
            <Detail term="Created">{formatDate(client.createdAt, tz)}</Detail>
            <Detail term="Member since">
              {client.memberSince ? formatDate(client.memberSince, tz) : "Not a member yet"}
            </Detail>
            <Detail term="Marketing consent">
              {client.marketingConsent
                ? `Yes${client.marketingConsentAt ? `, since ${formatDate(client.marketingConsentAt, tz)}` : ""}`
                : "No"}
            </Detail>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Edit client</CardTitle>
        </CardHeader>
        <CardContent>
          <EditClientForm client={toApiClient(client)} />
        </CardContent>
      </Card>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs font-medium text-muted-foreground">{term}</dt>
      <dd className="text-sm text-foreground">{children}</dd>
    </div>
  );
}
