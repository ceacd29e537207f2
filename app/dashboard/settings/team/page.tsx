import type { Metadata } from "next";
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  NativeSelect,
  SubmitButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { formatDateTime } from "@/lib/core/format";
import { can, ROLE_LABELS, STAFF_ROLES } from "@/lib/core/permissions";
import { listInvitations, listStaff } from "@/lib/team/team";
import { OwnersOnly } from "../owner-only";
import { changeStaffRoleAction, removeStaffAction, resendInvitationAction, revokeInvitationAction } from "./actions";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Team" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const ROLE_HELP: Record<string, string> = {
  owner: "everything",
  manager: "everything but owners, Stripe, API keys, the embed secret and erasure",
  front_desk: "clients, bookings, check-in, selling memberships and taking payments",
  instructor: "clients and notes, the schedule, and attendance and bookings of the sessions they teach",
};

/** T1: Settings → Team: who works here, with which role; invitations and their links. */
export default async function TeamPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "team.manage")) return <OwnersOnly what="manage the team" />;
  const [team, invitations, sp] = await Promise.all([listStaff(ctx), listInvitations(ctx), searchParams]);
  const tz = ctx.studio.timezone;
  const me = ctx.actor.kind === "staff" ? ctx.actor.userId : null;
  const owners = can(ctx, "team.owners");
  const roles = STAFF_ROLES.filter((r) => owners || r !== "owner").map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const failed = (["resend", "revoke", "role", "remove"] as const).find((k) => sp[k] === "failed");
  const reason =
    typeof sp.reason === "string" && sp.reason ? sp.reason : "Reload the page to see the team as it is now.";

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Invite someone</CardTitle>
          <CardDescription>
            They get an email with a link that works once, for 7 days, and accept with a verified login for that
            address.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <InviteForm roles={roles} />
          <ul className="mt-4 grid gap-1 text-sm text-muted-foreground">
            {roles.map((r) => (
              <li key={r.value}>
                <span className="font-medium text-foreground">{r.label}:</span> {ROLE_HELP[r.value]}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>

      {failed ? (
        <Alert variant="danger" title="That change was not made" role="alert">
          {reason}
        </Alert>
      ) : null}

      <section aria-labelledby="team-heading" className="grid gap-3">
        <h3 id="team-heading" className="text-base font-semibold">
          Team
        </h3>
        <Table aria-labelledby="team-heading">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>
                <VisuallyHidden>Actions</VisuallyHidden>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {team.map((s) => {
              const editable = owners || s.role !== "owner";
              return (
                <TableRow key={s.userId} data-testid="staff-row">
                  <TableCell className="font-medium">
                    {s.name ?? "—"} {s.userId === me ? <Badge variant="neutral">You</Badge> : null}
                  </TableCell>
                  <TableCell>{s.email}</TableCell>
                  <TableCell>
                    {editable ? (
                      <form action={changeStaffRoleAction} className="flex items-center gap-2">
                        <input type="hidden" name="staffId" value={s.userId} />
                        <NativeSelect
                          name="role"
                          defaultValue={s.role}
                          aria-label={`Role of ${s.email}`}
                          wrapperClassName="w-36"
                        >
                          {roles.map((r) => (
                            <option key={r.value} value={r.value}>
                              {r.label}
                            </option>
                          ))}
                        </NativeSelect>
                        <SubmitButton variant="outline" size="sm" pendingLabel="Saving…">
                          Save<VisuallyHidden> role of {s.email}</VisuallyHidden>
                        </SubmitButton>
                      </form>
                    ) : (
                      ROLE_LABELS[s.role]
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    {editable ? <RemoveStaff id={s.userId} email={s.email} /> : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </section>

      <section aria-labelledby="invitations-heading" className="grid gap-3">
        <h3 id="invitations-heading" className="text-base font-semibold">
          Pending invitations
        </h3>
        {invitations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No invitations waiting.</p>
        ) : (
          <Table aria-labelledby="invitations-heading">
            <TableHeader>
              <TableRow>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invitations.map((i) => (
                <TableRow key={i.id} data-testid="invitation-row">
                  <TableCell className="font-medium">{i.email}</TableCell>
                  <TableCell>{ROLE_LABELS[i.role]}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {i.status === "expired" ? (
                      <Badge variant="neutral">Expired</Badge>
                    ) : (
                      formatDateTime(i.expiresAt, tz)
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    {owners || i.role !== "owner" ? (
                      <div className="flex justify-end gap-2">
                        <form action={resendInvitationAction}>
                          <input type="hidden" name="invitationId" value={i.id} />
                          <SubmitButton variant="outline" size="sm" pendingLabel="Sending…">
                            Resend<VisuallyHidden> to {i.email}</VisuallyHidden>
                          </SubmitButton>
                        </form>
                        <form action={revokeInvitationAction}>
                          <input type="hidden" name="invitationId" value={i.id} />
                          <SubmitButton variant="outline" size="sm" pendingLabel="Revoking…">
                            Revoke<VisuallyHidden> invitation of {i.email}</VisuallyHidden>
                          </SubmitButton>
                        </form>
                      </div>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}

/** Removal ends their access at once, so it asks first. */
function RemoveStaff({ id, email }: { id: string; email: string }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Remove<VisuallyHidden> {email}</VisuallyHidden>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove {email} from the team?</DialogTitle>
          <DialogDescription>
            Their access ends with their next click. What they did stays on record (bookings, notes). Classes they teach
            lose their instructor.
          </DialogDescription>
        </DialogHeader>
        <form action={removeStaffAction}>
          <input type="hidden" name="staffId" value={id} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <SubmitButton variant="danger" pendingLabel="Removing…">
              Remove
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
