import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { Mail } from "lucide-react";
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  SubmitButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { InvalidInputError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { LINK_NOT_KEPT, listMessages } from "@/lib/mail";
import { OwnersOnly } from "../owner-only";
import { retryMessageAction } from "./actions";

export const metadata: Metadata = { title: "Sent mail" };

const BASE = "/dashboard/settings/mail";
const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type MessageRow = Awaited<ReturnType<typeof listMessages>>["data"][number];

export default async function SentMailPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "settings")) return <OwnersOnly what="see the studio's sent mail" />;
  const sp = await searchParams;
  const cursor = typeof sp.cursor === "string" && sp.cursor ? sp.cursor : undefined;

  let page: Awaited<ReturnType<typeof listMessages>>;
  try {
    page = await listMessages(ctx, { limit: PAGE_SIZE, cursor });
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return (
      <Alert variant="danger" title="That page of mail could not be found" role="alert">
        <Link href={BASE}>Show the newest mail</Link>
      </Alert>
    );
  }
  const tz = ctx.studio.timezone;
  const anyNotSent = page.data.some((m) => m.status === "not_sent");

  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h2 className="text-lg font-semibold tracking-tight">Sent mail</h2>
        <p className="text-sm text-muted-foreground">
          Every email Roster sent, or tried to send, for your studio: welcome mail, messages to clients and notices.
          Newest first. Mail that cannot be delivered is tried again a few times; if it still fails you can retry it
          here.
        </p>
      </div>

      {sp.retry === "link" ? (
        <Alert variant="danger" title="That mail cannot be sent again" role="alert">
          {LINK_NOT_KEPT}
        </Alert>
      ) : null}
      {sp.retry === "failed" ? (
        <Alert variant="danger" title="That mail could not be sent again" role="alert">
          It may have been retried already. The list below shows each mail&apos;s current status.
        </Alert>
      ) : null}

      {anyNotSent ? (
        <Alert variant="warning" title="Some mail was not sent">
          No mail server is configured. Set SMTP_URL to send mail; until then mail is recorded here.
        </Alert>
      ) : null}

      {page.data.length === 0 ? (
        <EmptyState
          icon={Mail}
          title={cursor ? "No older mail" : "No mail yet"}
          description={
            cursor
              ? "You have reached the oldest mail."
              : "Mail Roster sends for the studio, such as welcome emails and messages to clients, will be listed here."
          }
          action={
            cursor ? (
              <Button asChild variant="outline">
                <Link href={BASE}>Newest mail</Link>
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Table aria-label="Sent mail">
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>To</TableHead>
                <TableHead>Subject</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Attempts</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.data.map((m) => (
                <TableRow key={m.id}>
                  <TableCell className="whitespace-nowrap align-top">{formatDateTime(m.createdAt, tz)}</TableCell>
                  <TableCell className="align-top">{m.toAddress}</TableCell>
                  <TableCell className="max-w-md align-top">
                    <details>
                      <summary className="cursor-pointer rounded-sm font-medium">{m.subject}</summary>
                      <div className="mt-2 grid gap-1 text-xs text-muted-foreground">
                        {m.replyTo ? <p>Reply-To: {m.replyTo}</p> : null}
                        <pre className="whitespace-pre-wrap break-words font-sans text-sm text-foreground">
                          {m.body}
                        </pre>
                      </div>
                    </details>
                  </TableCell>
                  <TableCell className="whitespace-nowrap align-top">{m.kind.replaceAll("_", " ")}</TableCell>
                  <TableCell className="align-top">
                    <Status message={m} />
                  </TableCell>
                  <TableCell className="align-top text-right tabular-nums">{m.attempts}</TableCell>
                  <TableCell className="align-top">
                    {m.status === "failed" ? (
                      <form action={retryMessageAction}>
                        <input type="hidden" name="messageId" value={m.id} />
                        <SubmitButton
                          variant="outline"
                          size="sm"
                          pendingLabel="Retrying…"
                          aria-label={`Retry the mail “${m.subject}” to ${m.toAddress}`}
                        >
                          Retry
                        </SubmitButton>
                      </form>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {cursor || page.nextCursor ? (
            <nav aria-label="Pagination" className="flex justify-between gap-2">
              <div>
                {cursor ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href={BASE}>Newest</Link>
                  </Button>
                ) : null}
              </div>
              <div>
                {page.nextCursor ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href={`${BASE}?cursor=${encodeURIComponent(page.nextCursor)}`}>Older</Link>
                  </Button>
                ) : null}
              </div>
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}

function Status({ message }: { message: MessageRow }) {
  switch (message.status) {
    case "queued":
      return (
        <div className="grid justify-items-start gap-1">
          <Badge variant="brand">Queued</Badge>
          {message.error ? <p className="text-xs text-muted-foreground">Last try: {message.error}</p> : null}
        </div>
      );
    case "sent":
      return <Badge variant="success">Sent</Badge>;
    case "failed":
      return (
        <div className="grid justify-items-start gap-1">
          <Badge variant="danger">Failed</Badge>
          {message.error ? <p className="text-xs text-danger-700">{message.error}</p> : null}
        </div>
      );
    case "not_sent":
      return (
        <div className="grid justify-items-start gap-1">
          <Badge variant="warning">Not sent</Badge>
          <p className="text-xs text-muted-foreground">No mail server configured</p>
        </div>
      );
  }
}
