import { expect, test } from "@playwright/test";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/account";
import { Dashboard, signUpStudio, SignInPage } from "./pages/auth";
import { linkIn, waitForMail } from "./pages/mailbox";

/**
 * Issue 14, journey 2 (A2, A3): forgot password → the mail (read from the
 * server's SMTP) → a new password → a session that was signed in before, in
 * another browser, is signed out on its next request.
 */
test("A2, A3: a forgotten password is reset by the mailed link, and every old session is signed out", async ({
  page,
  browser,
}) => {
  // The owner is signed in on another device (its own browser context).
  const elsewhere = await browser.newContext();
  const oldSession = await elsewhere.newPage();
  const owner = await signUpStudio(oldSession);
  await new Dashboard(oldSession).expectLoaded(owner.studioName);

  // Here, the owner has forgotten the password.
  await page.goto("/signin");
  const forgot = new ForgotPasswordPage(page);
  await forgot.openFromSignIn();
  await forgot.request(owner.email);
  await expect(forgot.confirmation()).toContainText("If an account uses that email");

  const mail = await waitForMail(owner.email, /new password/);
  const reset = new ResetPasswordPage(page);
  await reset.open(linkIn(mail));
  // Opening the link signed nobody in.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
  await reset.open(linkIn(mail));
  // A common password is refused, and the link still works.
  await reset.setPassword("password123");
  await expect(reset.error()).toBeVisible();
  await expect(page.getByText(/too common/)).toBeVisible();
  const newPassword = "a quiet lilac tram 2026";
  await reset.setPassword(newPassword);
  await expect(reset.done()).toContainText("Your password is changed");
  await expect
    .poll(async () => (await waitForMail(owner.email, /password was changed/)).subject)
    .toMatch(/password was changed/);

  // The old session is over at its next request.
  await oldSession.goto("/dashboard");
  await expect(oldSession).toHaveURL(/\/signin/);
  await elsewhere.close();

  // The link works once.
  await page.goto(linkIn(mail));
  await expect(page.getByText(/expired or was already used/)).toBeVisible();

  // The old password no longer signs in; the new one does.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, owner.password);
  await expect(signIn.error()).toBeVisible();
  await signIn.signIn(owner.email, newPassword);
  await new Dashboard(page).expectLoaded(owner.studioName);
});
