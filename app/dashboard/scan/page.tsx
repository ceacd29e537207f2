import type { Metadata } from "next";
import Link from "next/link";
import { ScanLine, Search, UserSearch } from "lucide-react";
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Field,
  Input,
  PageHeader,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { findDeskClients, getCheckInDesk, type CheckInDesk, type DeskClient } from "@/lib/checkins";
import { NotFoundError } from "@/lib/core/errors";
import { DeskPanel } from "./desk-panel";
import { FocusOnArrival } from "./focus-on-arrival";
import { Scanner } from "./scanner";

export const metadata: Metadata = { title: "Scan card" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v.trim() : "");

/**
 * W1, O2: the front desk's check-in. Staff scan a member card (camera or typed token) or search a client by name;
 * the person's memberships (which can pay) and today's sessions appear, with one-tap check-in.
 */
export default async function ScanPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  const sp = await searchParams;
  const q = one(sp.q).slice(0, 200);
  const clientId = one(sp.client);
  const tz = ctx.studio.timezone;

  let desk: CheckInDesk | null = null;
  let missing = false;
  if (clientId) {
    try {
      desk = await getCheckInDesk(ctx, { clientId });
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      missing = true;
    }
  }
  const found: DeskClient[] | null = q && !desk ? await findDeskClients(ctx, q) : null;

  return (
    <div className="grid max-w-5xl gap-6">
      <PageHeader
        className="mb-0"
        title="Scan card"
        description="Check a client in: scan the QR code on their member card, or find them by name. Their sessions today appear with a check-in button."
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <div className="grid gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Find by name</CardTitle>
              <CardDescription>A name, an email or a phone number.</CardDescription>
            </CardHeader>
            <CardContent>
              <form
                action="/dashboard/scan"
                method="get"
                role="search"
                aria-label="Find a client"
                className="grid gap-3"
              >
                <Field label="Client name" htmlFor="desk-q">
                  <Input id="desk-q" name="q" type="search" defaultValue={q} autoComplete="off" maxLength={200} />
                </Field>
                <div>
                  <Button type="submit" variant="outline">
                    <Search aria-hidden="true" /> Find
                  </Button>
                </div>
              </form>
            </CardContent>
          </Card>
          <Scanner />
        </div>

        <div className={desk || found || missing ? "order-first grid gap-4 lg:order-none" : "grid gap-4"}>
          {missing ? (
            <Alert variant="danger" title="No such client" role="alert">
              This client is not in your studio, or was erased. Scan the card again or search by name.
            </Alert>
          ) : null}
          {desk ? <DeskPanel desk={desk} timeZone={tz} focus={one(sp.via) !== ""} /> : null}
          {found ? (
            <section aria-labelledby="desk-found" className="grid gap-2">
              <h2 id="desk-found" tabIndex={-1} className="text-base font-semibold outline-none">
                {found.length ? `Clients matching “${q}”` : `No client matches “${q}”`}
              </h2>
              <FocusOnArrival targetId="desk-found" />
              {found.length ? (
                <ul className="divide-y divide-border rounded-md border border-border bg-surface">
                  {found.map((c) => (
                    <li key={c.id}>
                      <Link
                        href={`/dashboard/scan?client=${c.id}&via=name`}
                        className="grid gap-0.5 px-3 py-2 hover:bg-muted focus-visible:bg-muted"
                      >
                        <span className="font-medium text-brand-700">{c.name}</span>
                        <span className="break-words text-xs text-muted-foreground">{c.email ?? "No email"}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState
                  icon={UserSearch}
                  headingLevel="h3"
                  title="Nobody found"
                  description="Check the spelling, try part of the name or their email, or add them under Clients."
                />
              )}
            </section>
          ) : null}
          {!desk && !found && !missing ? (
            <EmptyState
              icon={ScanLine}
              title="No one checked yet"
              description="Scan a member card with the camera, type its token, or find a client by name. Their memberships and today's sessions appear here."
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
