import Link from "next/link";
import { CalendarCheck, CreditCard, ShieldCheck, Users } from "lucide-react";
import { Button } from "@/app/_ui";
import { Logo } from "@/app/_components/logo";

const FEATURES = [
  {
    icon: Users,
    title: "Clients in one place",
    text: "Every person you have dealt with, with their bookings, memberships, notes and spend.",
  },
  {
    icon: CalendarCheck,
    title: "Fair booking",
    text: "Packs counted on booking and returned on cancel, exactly once. Waitlists first come, first served.",
  },
  {
    icon: CreditCard,
    title: "Memberships that add up",
    text: "Recurring plans, packs and passes, with a ledger of every session so counts can be explained.",
  },
  {
    icon: ShieldCheck,
    title: "Your data, your way",
    text: "A documented API, CSV exports, and an audit log the database itself keeps append-only.",
  },
];

export default function LandingPage() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-5">
        <Logo />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Button asChild variant="ghost">
            <Link href="/signin">Sign in</Link>
          </Button>
          <Button asChild>
            <Link href="/signup">Start your studio</Link>
          </Button>
        </nav>
      </header>
      <main id="main">
        <section className="mx-auto max-w-6xl px-6 pb-16 pt-12 sm:pt-20">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
            For yoga, pilates, gyms and boxes
          </p>
          <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
            Run your studio on numbers your members can trust.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-muted-foreground">
            Roster keeps your clients, memberships, class schedule and bookings together, with counts that are always
            right and a booking page your members will like.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Button asChild size="lg">
              <Link href="/signup">Create your studio</Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/signin">Sign in to your dashboard</Link>
            </Button>
          </div>
        </section>
        <section aria-labelledby="features" className="border-t border-border bg-surface">
          <div className="mx-auto max-w-6xl px-6 py-14">
            <h2 id="features" className="sr-only">
              Features
            </h2>
            <ul className="grid gap-8 sm:grid-cols-2 lg:grid-cols-4">
              {FEATURES.map(({ icon: Icon, title, text }) => (
                <li key={title}>
                  <Icon aria-hidden="true" className="size-6 text-brand-700" />
                  <h3 className="mt-3 font-semibold">{title}</h3>
                  <p className="mt-1 text-sm text-muted-foreground">{text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>
      <footer className="mx-auto max-w-6xl px-6 py-8 text-sm text-muted-foreground">
        <p>
          Roster ·{" "}
          <a className="underline underline-offset-2" href="/api/v1/openapi.json">
            Platform API (OpenAPI)
          </a>
        </p>
      </footer>
    </div>
  );
}
