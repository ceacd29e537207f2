import type { ReactNode } from "react";
import { can } from "@/lib/core/permissions";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { clientDeletability } from "@/lib/clients/delete-client";
import { findMergeCandidates } from "@/lib/clients/merge-clients";
import { getClient } from "@/lib/clients/get-client";
import { NotFoundError } from "@/lib/core/errors";
import { DeleteClientDialog, EraseClientDialog, MergeClientDialog } from "./record-action-dialogs";

/**
 * The record-level verbs of a client page: merge a duplicate in (C5), delete
 * (C4, H2: only when allowed, else why not), erase personal data (P1, owners
 * only). Loads what it needs itself; the verbs check the rules again on submit.
 */
export async function RecordActions({ clientId }: { clientId: string }) {
  const ctx = await requireStaffContext();
  let client;
  try {
    client = await getClient(ctx, clientId);
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
  const [suggestions, deletable] = await Promise.all([
    findMergeCandidates(ctx, { targetClientId: client.id, limit: 5 }),
    clientDeletability(ctx, client.id),
  ]);
  const primaryName =
    deletable.allowed && deletable.historyMovesTo
      ? await getClient(ctx, deletable.historyMovesTo).then(
          (p) => p.name,
          () => "the primary customer",
        )
      : null;
  const isOwner = can(ctx, "clients.erase");

  return (
    <Card>
      <CardHeader>
        <CardTitle>Record</CardTitle>
        <CardDescription>
          Merge a duplicate into this client, delete the record, or erase the person&apos;s data.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <Row
          title="Merge a duplicate"
          hint={`When the same person has two records, bring the other one into ${client.name}'s. You choose the record and see what moves before confirming.`}
        >
          <MergeClientDialog
            target={{ id: client.id, name: client.name }}
            suggestions={suggestions.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))}
          />
        </Row>

        <Row
          title="Delete"
          hint={
            deletable.allowed
              ? deletable.historyMovesTo
                ? `An additional user can be deleted: their history moves to ${primaryName}.`
                : "This client has no bookings, memberships or payments, so the record can be deleted."
              : deletable.code === "has_history"
                ? `${client.name} has bookings, memberships or payments, so the record is kept (it can't be deleted). ${
                    isOwner
                      ? "To remove their personal data, erase it below."
                      : "An owner can erase their personal data instead."
                  }`
                : deletable.reason
          }
        >
          {deletable.allowed ? (
            <DeleteClientDialog clientId={client.id} clientName={client.name} primaryName={primaryName} />
          ) : null}
        </Row>

        {isOwner ? (
          <Row
            title="Erase personal data"
            hint="For a request under data-protection law (GDPR). Removes the name and contact details for good and keeps the bookings and payments anonymous. Only owners can do this."
          >
            <EraseClientDialog clientId={client.id} clientName={client.name} />
          </Row>
        ) : null}
      </CardContent>
    </Card>
  );
}

function Row({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <div className="grid gap-3 border-t border-border pt-5 first:border-t-0 first:pt-0 sm:grid-cols-[1fr_auto] sm:items-start">
      <div className="grid gap-1">
        <h3 className="text-sm font-semibold">{title}</h3>
        <p className="text-sm text-muted-foreground">{hint}</p>
      </div>
      {children ? <div className="sm:justify-self-end">{children}</div> : null}
    </div>
  );
}
