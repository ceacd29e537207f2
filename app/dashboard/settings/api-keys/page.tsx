import type { Metadata } from "next";
import { can } from "@/lib/core/permissions";
import Link from "next/link";
import { KeyRound } from "lucide-react";
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
  EmptyState,
  SubmitButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from "@/app/_ui";
import { listApiKeys } from "@/lib/api-keys";
import { requireStaffContext } from "@/lib/auth";
import { formatDateTime } from "@/lib/core/format";
import { requestOrigin } from "@/app/_lib/request-origin";
import { revokeApiKeyAction } from "../actions";
import { OwnersOnly } from "../owner-only";
import { CreateKeyForm } from "./create-key-form";

export const metadata: Metadata = { title: "API keys" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ApiKeysPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "apikeys.manage")) return <OwnersOnly what="manage API keys" />;
  const [keys, origin, sp] = await Promise.all([listApiKeys(ctx), requestOrigin(), searchParams]);
  const tz = ctx.studio.timezone;

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
          <CardDescription>
            Let your website or other tools read and change this studio&apos;s data through the Roster API. A key acts
            with an owner&apos;s rights, so keep it on a server, never in a web page.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CreateKeyForm />
        </CardContent>
      </Card>

      {sp.revoke === "failed" ? (
        <Alert variant="danger" title="The key could not be revoked" role="alert">
          It may have been revoked already. The list below shows each key&apos;s current status.
        </Alert>
      ) : null}

      <section aria-labelledby="your-keys" className="grid gap-3">
        <h3 id="your-keys" className="text-base font-semibold">
          Your keys
        </h3>
        {keys.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            headingLevel="h3"
            title="No API keys yet"
            description="Create one above when you connect another system to Roster."
          />
        ) : (
          <Table aria-labelledby="your-keys">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((k) => (
                <TableRow key={k.id}>
                  <TableCell className="font-medium">{k.name}</TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{k.prefix}…</code>
                  </TableCell>
                  <TableCell>{k.scopes.includes("manage") ? "Everything" : k.scopes.join(", ")}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(k.createdAt, tz)}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt, tz) : "Never"}
                  </TableCell>
                  <TableCell>
                    {k.revokedAt ? (
                      <Badge variant="neutral" title={`Revoked ${formatDateTime(k.revokedAt, tz)}`}>
                        Revoked
                      </Badge>
                    ) : (
                      <Badge variant="success">Active</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    {k.revokedAt ? null : <RevokeKey id={k.id} name={k.name} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="using-the-api" className="grid gap-3">
        <h3 id="using-the-api" className="text-base font-semibold">
          Using the API
        </h3>
        <p className="text-sm text-muted-foreground">
          Send the key as a bearer token. For example, to read your studio:
        </p>
        <pre
          tabIndex={0}
          className="overflow-x-auto rounded-md border border-border bg-canvas p-3 font-mono text-xs [contain:inline-size]"
        >
          <code>{`curl -H "Authorization: Bearer <key>" ${origin}/api/v1/studio`}</code>
        </pre>
        <p className="text-sm text-muted-foreground">
          Connect an AI assistant (Claude, ChatGPT, Cursor…) through the Model Context Protocol at{" "}
          <code className="break-all text-xs">{origin}/api/mcp</code>. Give it a key with only the scopes it needs; for
          example, in the assistant&apos;s MCP configuration:
        </p>
        <pre className="overflow-x-auto rounded-md border border-border bg-canvas p-3 font-mono text-xs">
          <code>
            {JSON.stringify(
              { mcpServers: { roster: { url: `${origin}/api/mcp`, headers: { Authorization: "Bearer <key>" } } } },
              null,
              2,
            )}
          </code>
        </pre>
        <p className="text-sm">
          <Link href="/api/v1/openapi.json" className="font-medium text-brand-700 underline underline-offset-2">
            API reference (OpenAPI)
          </Link>
        </p>
      </section>
    </div>
  );
}

/** Revoking breaks whatever uses the key at once, so it asks first. */
function RevokeKey({ id, name }: { id: string; name: string }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Revoke<VisuallyHidden> {name}</VisuallyHidden>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke “{name}”?</DialogTitle>
          <DialogDescription>
            Anything using this key stops working at once: its requests are refused from now on. This cannot be undone.
          </DialogDescription>
        </DialogHeader>
        <form action={revokeApiKeyAction}>
          <input type="hidden" name="id" value={id} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <SubmitButton variant="danger" pendingLabel="Revoking…">
              Revoke key
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
