"use server";

import { z } from "zod";
import {
  ChangeEmailInput,
  changePassword,
  ChangePasswordInput,
  CHANGE_EMAIL_SENT,
  requestEmailChange,
  signOutEverywhere,
} from "@/lib/account/account";
import { sessionId, signOut } from "@/lib/auth";
import { mailLinkOrigin } from "@/app/_lib/link-origin";
import { staffAction, staffFormAction } from "@/app/_lib/staff-action";

/** A2/A3 for staff: a new password; every other session ends. */
export const changePasswordAction = staffAction(ChangePasswordInput, async (ctx, input) => {
  await changePassword(ctx, input, { keepSessionId: await sessionId() });
  return { ok: true, message: "Your password is changed. Every other session was signed out." };
});

/** A change of the login's email, verified by a link to the new address. */
export const changeEmailAction = staffAction(ChangeEmailInput, async (ctx, input) => {
  const origin = await mailLinkOrigin();
  if (!origin) return { ok: false, formError: "Mail is not set up on this server." };
  await requestEmailChange(ctx, input, { origin });
  return { ok: true, message: CHANGE_EMAIL_SENT };
});

/** A3 "sign out everywhere": every session of the login ends, this one too. */
export const signOutEverywhereAction = staffFormAction(z.object({}), async (ctx) => {
  await signOutEverywhere(ctx);
  await signOut({ redirectTo: "/signin" });
});
