"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_lib/form";
import { requireMailLinkOrigin } from "@/app/_lib/link-origin";
import { FormId, staffAction, staffFormAction } from "@/app/_lib/staff-action";
import {
  ChangeRoleInput,
  changeStaffRole,
  InviteInput,
  inviteStaff,
  removeStaff,
  resendInvitation,
  revokeInvitation,
} from "@/lib/team/team";

const TEAM_PATH = "/dashboard/settings/team";

/** T1: invites someone by email with a role; the verb checks who may invite which role. */
export const inviteStaffAction = staffAction(InviteInput, async (ctx, input) => {
  await inviteStaff(ctx, input, { origin: await requireMailLinkOrigin() });
  revalidatePath(TEAM_PATH);
  return { ok: true, message: `Invitation sent to ${input.email}.` };
});

/** After a team change from a plain form: the page again, a refusal as `?<what>=failed` with its reason. */
const teamChanged = (what: string) => (state: FormState) => {
  revalidatePath(TEAM_PATH);
  if (!state.ok) redirect(`${TEAM_PATH}?${what}=failed&reason=${encodeURIComponent(state.formError ?? "")}`);
};

const InvitationForm = z.object({ invitationId: FormId("Invitation") });
const StaffForm = z.object({ staffId: FormId("Staff member") });

/** T1: a new link, mailed again; the old one stops working. */
export const resendInvitationAction = staffFormAction(
  InvitationForm,
  async (ctx, { invitationId }) => resendInvitation(ctx, invitationId, { origin: await requireMailLinkOrigin() }),
  teamChanged("resend"),
);

/** T1: the invitation's link stops working. */
export const revokeInvitationAction = staffFormAction(
  InvitationForm,
  (ctx, { invitationId }) => revokeInvitation(ctx, invitationId),
  teamChanged("revoke"),
);

/** T1: a new role for a staff member (the last owner stays one). */
export const changeStaffRoleAction = staffFormAction(
  ChangeRoleInput.extend(StaffForm.shape),
  (ctx, { staffId, ...input }) => changeStaffRole(ctx, staffId, input),
  teamChanged("role"),
);

/** T1: removes a staff member; their access ends with their next request. */
export const removeStaffAction = staffFormAction(
  StaffForm,
  (ctx, { staffId }) => removeStaff(ctx, staffId),
  teamChanged("remove"),
);
