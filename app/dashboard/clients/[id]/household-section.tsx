import Link from "next/link";
import { Users } from "lucide-react";
import {
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { getClient } from "@/lib/clients/get-client";
import { listHousehold, type HouseholdMember } from "@/lib/households";
import { AddAdditionalUserForm, AddParticipantForm, PortalAccessToggle, RemoveMemberButton } from "./household-forms";
import { SendPasswordResetButton } from "./password-reset-button";

const ROLE_LABELS = {
  primary: "Primary customer",
  participant: "Participant",
  additional_user: "Additional user",
} as const;

function ClientLink({ id, name }: { id: string; name: string }) {
  return (
    <Link href={`/dashboard/clients/${id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      {name}
    </Link>
  );
}

/**
 * The client page's household card (H1) and member-portal access (H3): the
 * primary customer, its participants and additional users (each linking to
 * its page), forms to add a participant, link an additional user and remove a
 * member, and the "Disable portal access" / "Enable" toggle. Loads its own data.
 */
export async function HouseholdSection({ clientId }: { clientId: string }) {
  const ctx = await requireStaffContext();
  const [client, household] = await Promise.all([getClient(ctx, clientId), listHousehold(ctx, { clientId })]);
  const isPrimary = household.role === "primary";
  const participants = household.members.filter((m) => m.role === "participant");
  const additional = household.members.filter((m) => m.role === "additional_user");

  return (
    <Card>
      <CardHeader>
        <CardTitle id="client-household">Household</CardTitle>
        <CardDescription>
          A primary customer pays for its participants (e.g. children, email optional); additional users share the
          primary&apos;s profile, bookings and memberships, but not its payment methods.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {isPrimary ? (
          household.members.length === 0 ? (
            <EmptyState
              icon={Users}
              headingLevel="h3"
              title="No household yet"
              description={`Add a participant ${client.name} books for, or link an additional user, below. ${client.name} becomes the primary customer.`}
            />
          ) : (
            <MembersTable caption={`${client.name}'s household`} rows={[...participants, ...additional]} removable />
          )
        ) : (
          <div className="grid gap-3">
            <p className="text-sm">
              {client.name} is {household.role === "participant" ? "a participant" : "an additional user"} in the
              household of <ClientLink id={household.primary.id} name={household.primary.name} />, who pays.
            </p>
            <MembersTable
              caption={`${household.primary.name}'s household`}
              rows={household.members}
              primary={household.primary}
              currentId={client.id}
            />
            <div>
              <RemoveMemberButton clientId={client.id} name={client.name} />
            </div>
            <p className="text-xs text-muted-foreground">
              Households do not nest: to add people, open {household.primary.name}&apos;s page.
            </p>
          </div>
        )}

        {isPrimary ? (
          <div className="grid gap-6 border-t border-border pt-5 md:grid-cols-2">
            <div className="grid content-start gap-3">
              <h3 className="text-sm font-semibold">Add a participant</h3>
              <AddParticipantForm primaryId={client.id} />
            </div>
            <div className="grid content-start gap-3">
              <h3 className="text-sm font-semibold">Link an additional user</h3>
              <AddAdditionalUserForm primaryId={client.id} />
            </div>
          </div>
        ) : null}

        <div className="grid gap-2 border-t border-border pt-5">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            Member portal access
            {client.portalDisabled ? (
              <Badge variant="danger">Disabled</Badge>
            ) : (
              <Badge variant="success">Enabled</Badge>
            )}
          </h3>
          <p className="text-sm text-muted-foreground">
            {client.portalDisabled
              ? `${client.name} cannot sign in to the member portal. Nothing else about the record is affected.`
              : client.userId
                ? `${client.name} can sign in to the member portal to book and see memberships.`
                : `${client.name} has no portal login yet; disabling access stops them from signing in once they create one.`}
          </p>
          <PortalAccessToggle clientId={client.id} disabled={client.portalDisabled} />
          {client.userId && !client.portalDisabled ? <SendPasswordResetButton clientId={client.id} /> : null}
        </div>
      </CardContent>
    </Card>
  );
}

function MembersTable({
  caption,
  rows,
  primary,
  currentId,
  removable = false,
}: {
  caption: string;
  rows: HouseholdMember[];
  primary?: { id: string; name: string; email: string | null };
  currentId?: string;
  removable?: boolean;
}) {
  return (
    <Table aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Email</TableHead>
          {removable ? (
            <TableHead>
              <VisuallyHidden>Actions</VisuallyHidden>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {primary ? (
          <TableRow>
            <TableCell>
              <ClientLink id={primary.id} name={primary.name} />
            </TableCell>
            <TableCell>
              <Badge variant="outline">{ROLE_LABELS.primary}</Badge>
            </TableCell>
            <TableCell>{primary.email ?? "—"}</TableCell>
          </TableRow>
        ) : null}
        {rows.map((m) => (
          <TableRow key={m.id}>
            <TableCell>
              {m.id === currentId ? (
                <span className="font-medium">{m.name} (this client)</span>
              ) : (
                <ClientLink id={m.id} name={m.name} />
              )}
            </TableCell>
            <TableCell>
              <Badge variant={m.role === "participant" ? "brand" : "neutral"}>{ROLE_LABELS[m.role]}</Badge>
            </TableCell>
            <TableCell>{m.email ?? "—"}</TableCell>
            {removable ? (
              <TableCell>
                <RemoveMemberButton clientId={m.id} name={m.name} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
