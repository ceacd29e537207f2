import { render } from "@react-email/render";
import { Link } from "@react-email/components";
import { Fragment, type ReactElement } from "react";
import { plural } from "@/lib/core/format";
import { MarkdownView } from "@/lib/forms/markdown-view";
import { Layout, P } from "./layout";

/**
 * Mail templates (react-email). Each has a plain `subject` (computed when the
 * mail is enqueued, so Sent mail lists it at once) and a `body` component that
 * the `mail.send` job renders to HTML and text when it delivers (J1): rendering
 * costs tens of milliseconds, which must not be spent inside the transaction
 * that enqueues the mail (that transaction may hold a session's row lock).
 * Props are stored with the outbox row; keep them small and serialisable.
 */
type Template<P> = { subject: (p: P & Common) => string; body: (p: P & Common) => ReactElement };
type Common = { studioName: string };

function template<P>(t: Template<P>): Template<P> {
  return t;
}

/** What a booking mail says about the booking. */
type BookingFacts = {
  name: string;
  /** The class, its time and place, as one phrase ("Flow, Tue 5 May 18:30 at Studio 2"). */
  what: string;
  title: string;
  when: string;
  sessionsRemaining?: number | null;
  sessionReturned?: boolean;
  /** Why the studio cancelled the session (session_cancelled only). */
  reason?: string | null;
};

/** A pack's count after the change, when a pack paid. */
const SessionsLeft = ({ n }: { n?: number | null }) =>
  typeof n === "number" ? <P>{`Sessions left on your pack: ${n}.`}</P> : null;

/** A link written out in full, so that the plain-text part carries it too. */
const LinkLine = ({ href }: { href: string }) => (
  <P>
    <Link href={href}>{href}</Link>
  </P>
);

/** Text typed by staff: paragraphs at blank lines, line breaks kept. */
function Typed({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para, i) => (
        <P key={i}>
          {para.split("\n").map((line, j) => (
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </P>
      ))}
    </>
  );
}

/** The mails of booking (issue 4 "Mail"), a session's reminder (J3) and a guest's confirmation link (A5). */
const BOOKING_TEMPLATES = {
  booking_confirmed: template<BookingFacts>({
    subject: (p) => `Booked: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`You are booked for ${p.what}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`You are booked for ${p.what}.`}</P>
        <SessionsLeft n={p.sessionsRemaining} />
      </Layout>
    ),
  }),
  booking_cancelled: template<BookingFacts>({
    subject: (p) => `Cancelled: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`Your booking for ${p.what} is cancelled`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`Your booking for ${p.what} is cancelled.${p.sessionReturned ? " The session went back to your pack." : ""}`}</P>
        <SessionsLeft n={p.sessionsRemaining} />
      </Layout>
    ),
  }),
  waitlist_promoted: template<BookingFacts>({
    subject: (p) => `You're in: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`You are now booked for ${p.what}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`A place freed up and you were next on the waitlist: you are now booked for ${p.what}.`}</P>
        <SessionsLeft n={p.sessionsRemaining} />
        <P>If you can no longer come, please cancel so the next person gets the place.</P>
      </Layout>
    ),
  }),
  /** B10: a place freed after the waitlist cutoff, offered to everyone waiting; the first to claim it gets it. */
  waitlist_place_offered: template<BookingFacts & { claimUrl: string | null }>({
    subject: (p) => `A place is free: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`A place freed up in ${p.title}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`A place freed up in ${p.what}, and you are on its waitlist.`}</P>
        <P>
          {`It is offered to everyone waiting: the first to claim it gets it${p.claimUrl ? ". Claim it here:" : ", in the member portal."}`}
        </P>
        {p.claimUrl ? <LinkLine href={p.claimUrl} /> : null}
        <P>If someone claims it first, you stay on the waitlist.</P>
      </Layout>
    ),
  }),
  session_cancelled: template<BookingFacts>({
    subject: (p) => `Class cancelled: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`${p.title} is cancelled`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`We are sorry: ${p.studioName} cancelled ${p.what}.`}</P>
        {p.reason ? <P>{`Reason: ${p.reason}`}</P> : null}
        {p.sessionReturned ? <P>The session went back to your pack.</P> : null}
      </Layout>
    ),
  }),
  session_reminder: template<{ name: string; title: string; when: string; what: string; bookingsUrl: string | null }>({
    subject: (p) => `Reminder: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`You are booked for ${p.what}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`A reminder: you are booked for ${p.what}.`}</P>
        <P>
          {`If you can no longer come, please cancel so someone else can have the place${p.bookingsUrl ? ":" : "."}`}
        </P>
        {p.bookingsUrl ? <LinkLine href={p.bookingsUrl} /> : null}
      </Layout>
    ),
  }),
  guest_booking_confirm: template<{ name: string; title: string; when: string; link: string }>({
    subject: (p) => `Confirm your booking: ${p.title}, ${p.when}`,
    body: (p) => (
      <Layout preview={`Confirm ${p.title} on ${p.when}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`To book ${p.title} on ${p.when} at ${p.studioName}, confirm here:`}</P>
        <LinkLine href={p.link} />
        <P>
          Nothing is booked until you confirm, and the place is not held. The link works once, for 24 hours (or until
          the class starts). If you did not ask for this, ignore this mail.
        </P>
      </Layout>
    ),
  }),
};

/** Mails about people and money: a failed payment (J3), a household's invitation (H1), the team's (T1), staff's own. */
const PEOPLE_TEMPLATES = {
  payment_failed: template<{ name: string; plan: string; link: string }>({
    subject: (p) => `Your payment for ${p.plan} did not go through`,
    body: (p) => (
      <Layout preview={`Update your card for ${p.plan}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`We could not take the payment for your ${p.plan}. Until it is paid, you cannot book classes with it.`}</P>
        <P>{'Update your card here (sign in, then choose "Update card"):'}</P>
        <LinkLine href={p.link} />
        <P>We will try the payment again. If you think this is a mistake, just reply to this email.</P>
      </Layout>
    ),
  }),
  /** B9: a late-cancel or no-show fee, charged to the saved card or due at the studio. */
  fee_raised: template<{ name: string; label: string; what: string; amount: string; charged: boolean }>({
    subject: (p) => (p.charged ? `${p.label}: ${p.amount} charged` : `${p.label}: ${p.amount} due`),
    body: (p) => (
      <Layout preview={`${p.label} for ${p.what}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`Under ${p.studioName}'s policy, ${p.what} costs a ${p.label.toLowerCase()} of ${p.amount}.`}</P>
        <P>
          {p.charged
            ? "It was charged to the card you saved with us."
            : "It is due: pay it at the studio, or by card when you next visit."}
        </P>
        <P>If you think this is a mistake, just reply to this email.</P>
      </Layout>
    ),
  }),
  fee_waived: template<{ name: string; label: string; amount: string; refunded: boolean }>({
    subject: (p) => `${p.label} of ${p.amount} waived`,
    body: (p) => (
      <Layout
        preview={`You do not owe the ${p.label.toLowerCase()}`}
        greeting={`Hi ${p.name},`}
        studioName={p.studioName}
      >
        <P>{`${p.studioName} has waived the ${p.label.toLowerCase()} of ${p.amount}: you do not owe it.`}</P>
        {p.refunded ? <P>{`The ${p.amount} you paid is being refunded to you.`}</P> : null}
      </Layout>
    ),
  }),
  household_invite: template<{ name: string; primaryName: string; link: string }>({
    subject: (p) => `${p.primaryName} wants to add you to their household at ${p.studioName}`,
    body: (p) => (
      <Layout
        preview={`Confirm to join ${p.primaryName}'s household`}
        greeting={`Hi ${p.name},`}
        studioName={p.studioName}
      >
        <P>
          {`${p.primaryName} asked to add you to their household at ${p.studioName}, so that they can book classes for you and see your bookings there.`}
        </P>
        <P>If you agree, confirm here:</P>
        <LinkLine href={p.link} />
        <P>Nothing changes unless you confirm. The link works once, for 24 hours.</P>
      </Layout>
    ),
  }),
  staff_invitation: template<{ role: string; email: string; link: string; expires: string }>({
    subject: (p) => `You're invited to join ${p.studioName} on Roster`,
    body: (p) => (
      <Layout preview={`Join ${p.studioName}'s team`} studioName={p.studioName}>
        <P>{`${p.studioName} invites you to join its team as ${p.role}.`}</P>
        <P>Accept the invitation:</P>
        <LinkLine href={p.link} />
        <P>{`The link works once and until ${p.expires}. Sign in with (or create) a login for ${p.email}.`}</P>
        <P>If you did not expect this, ignore this mail.</P>
      </Layout>
    ),
  }),
  stripe_amount_mismatch: template<{
    received: string;
    expected: string;
    client: string;
    purchase: string;
    checkoutSession: string;
    recorded: boolean;
  }>({
    subject: (p) => `Payment to review: ${p.received} paid for ${p.expected}`,
    body: (p) => (
      <Layout preview={`${p.received} paid for ${p.expected}`} studioName={`${p.studioName} on Roster`}>
        <P>
          {`Stripe reported a payment of ${p.received} from ${p.client} for a checkout of ${p.expected} (${p.purchase}, Stripe session ${p.checkoutSession}).`}
        </P>
        <P>
          {`Nothing was granted. ${p.recorded ? "The money received is recorded as a payment so it is not lost. " : ""}Please review it in Stripe and refund it, or sell the purchase at the studio.`}
        </P>
      </Layout>
    ),
  }),
  /** Retention automations (lib/retention): the owner's template, filled per client, with the unsubscribe link (C2). */
  retention_message: template<{ subject: string; body: string; unsubscribeUrl: string }>({
    subject: (p) => p.subject,
    body: (p) => (
      <Layout preview={p.subject} studioName={p.studioName}>
        <Typed text={p.body} />
        <P>{`You get this mail because you agreed to hear from ${p.studioName}. To stop these mails, unsubscribe here:`}</P>
        <LinkLine href={p.unsubscribeUrl} />
      </Layout>
    ),
  }),
  client_message: template<{ subject: string; body: string }>({
    subject: (p) => p.subject,
    body: (p) => (
      <Layout preview={p.subject} studioName={p.studioName}>
        <Typed text={p.body} />
      </Layout>
    ),
  }),
};

/** F1: the signer's copy of a signed form: its exact text, the answers (never health answers), the name and the time. */
const FORM_TEMPLATES = {
  form_signed: template<{
    name: string;
    title: string;
    version: number;
    body: string;
    answers: { question: string; answer: string }[];
    fullName: string;
    when: string;
    /** A participant's form signed by the primary customer: the participant's name. */
    forName: string | null;
    atDesk: boolean;
  }>({
    subject: (p) => `Your signed copy: ${p.title}`,
    body: (p) => (
      <Layout preview={`You signed ${p.title}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`This is your copy of “${p.title}” (version ${p.version})${p.forName ? ` for ${p.forName}` : ""}, signed as ${p.fullName} on ${p.when}${p.atDesk ? " at the studio's desk" : ""}.`}</P>
        <MarkdownView
          body={p.body}
          headingLevel={2}
          style={{ borderLeft: "3px solid #d1d5db", paddingLeft: 12, fontSize: 14, lineHeight: "22px" }}
        />
        {p.answers.length ? (
          <>
            <P>Your answers:</P>
            {p.answers.map((a, i) => (
              <P key={i}>{`${a.question} — ${a.answer}`}</P>
            ))}
          </>
        ) : null}
        <P>{`Signed: ${p.fullName}, “I agree”, ${p.when}.`}</P>
      </Layout>
    ),
  }),
};

export const TEMPLATES = {
  ...BOOKING_TEMPLATES,
  ...PEOPLE_TEMPLATES,
  ...FORM_TEMPLATES,
  welcome: template<{ name: string }>({
    subject: (p) => `Welcome to ${p.studioName}`,
    body: (p) => (
      <Layout preview={`Your account at ${p.studioName} is ready`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>Your account at {p.studioName} is ready. Sign in any time to book classes and see your memberships.</P>
      </Layout>
    ),
  }),
  client_erased: template<{ by: string; when: string }>({
    subject: (p) => `A client record was erased at ${p.studioName}`,
    body: (p) => (
      <Layout preview="A client's personal data was erased" studioName={p.studioName}>
        <P>{`A client's personal data was erased ${p.by} on ${p.when} (rule P1).`}</P>
        <P>
          Their name, contact details, notes, tags and consent are gone for good, and the mails sent to them were
          redacted. Their bookings, memberships and payments remain without a name, so your totals do not change.
        </P>
        <P>{"This cannot be undone. It is recorded in the studio's audit log."}</P>
      </Layout>
    ),
  }),
  low_sessions: template<{ name: string; plan: string; sessions: number }>({
    subject: (p) => `${plural(p.sessions, "session")} left on your ${p.plan}`,
    body: (p) => (
      <Layout preview={`${plural(p.sessions, "session")} left`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`You have ${plural(p.sessions, "session")} left on your ${p.plan}. Book them, or ask us about your next pack.`}</P>
      </Layout>
    ),
  }),
  ending_soon: template<{ name: string; plan: string; endsOn: string }>({
    subject: (p) => `Your ${p.plan} ends soon`,
    body: (p) => (
      <Layout preview={`Your ${p.plan} ends on ${p.endsOn}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`Your ${p.plan} ends on ${p.endsOn}. Renew in time to keep booking.`}</P>
      </Layout>
    ),
  }),
  /** O1: a booked session moved to another time (or length); the booking stands. */
  session_moved: template<{ name: string; title: string; was: string; now: string; location: string | null }>({
    subject: (p) => `New time: ${p.title}, ${p.now}`,
    body: (p) => (
      <Layout preview={`${p.title} moved to ${p.now}`} greeting={`Hi ${p.name},`} studioName={p.studioName}>
        <P>{`${p.studioName} moved ${p.title}${p.location ? ` at ${p.location}` : ""} from ${p.was} to ${p.now}.`}</P>
        <P>Your booking stands at the new time. If you can no longer come, please cancel it so someone else can.</P>
      </Layout>
    ),
  }),
};

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateProps<N extends TemplateName> = Parameters<(typeof TEMPLATES)[N]["subject"]>[0];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

export function templateSubject<N extends TemplateName>(name: N, props: TemplateProps<N>): string {
  return (TEMPLATES[name].subject as (p: TemplateProps<N>) => string)(props);
}

/** HTML and plain text of a template (used by the mail job; tests call it directly). */
export async function renderTemplate<N extends TemplateName>(
  name: N,
  props: TemplateProps<N>,
): Promise<{ html: string; text: string }> {
  const element = (TEMPLATES[name].body as (p: TemplateProps<N>) => ReactElement)(props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
