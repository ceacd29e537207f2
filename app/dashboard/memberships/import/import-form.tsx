"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  Alert,
  Badge,
  Button,
  Field,
  FormMessage,
  Input,
  NativeSelect,
  Progress,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { formatDate, formatDateTime, formatTime } from "@/lib/core/format";
import type { ImportResult } from "@/lib/memberships/import";
import type { UploadEvent } from "./events";

export type ImportPlanOption = { id: string; label: string };

type Format = "csv" | "json";
type Done = Extract<UploadEvent, { type: "done" }>;
type Running = { label: string; processed: number; fraction: number | null };

type Step =
  | { step: "choose" }
  | { step: "checking"; running: Running }
  | { step: "preview"; preview: Done }
  | { step: "importing"; preview: Done; running: Running }
  | { step: "done"; result: ImportResult };

const UPLOAD_URL = "/dashboard/memberships/import/upload";

function formatOf(file: File): Format {
  return /\.json$/i.test(file.name) || file.type === "application/json" ? "json" : "csv";
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/**
 * Sends the file to the upload route and reads its newline-delimited JSON
 * answer as it arrives, reporting progress. Resolves with the final event.
 */
async function upload(
  file: File,
  query: Record<string, string>,
  onProgress: (e: Extract<UploadEvent, { type: "progress" }>) => void,
): Promise<Done | Extract<UploadEvent, { type: "error" | "queued" }>> {
  let res: Response;
  try {
    res = await fetch(`${UPLOAD_URL}?${new URLSearchParams(query)}`, {
      method: "POST",
      body: file,
      headers: { "content-type": "application/octet-stream" },
    });
  } catch {
    return {
      type: "error",
      code: "network",
      message: "The file could not be sent. Check your connection and try again.",
    };
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    return {
      type: "error",
      code: String(res.status),
      message: body?.message ?? "The server refused the file. Try again.",
    };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line) continue;
      const event = JSON.parse(line) as UploadEvent;
      if (event.type === "progress") onProgress(event);
      else return event;
    }
    if (done) break;
  }
  return {
    type: "error",
    code: "incomplete",
    message: "The server stopped answering before the end. Nothing was imported; try again.",
  };
}

/** Choose a plan and a file → preview with every row's errors → confirm → progress → result (M10). */
export function ImportForm({ plans, timezone }: { plans: ImportPlanOption[]; timezone: string }) {
  const id = useId();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [planId, setPlanId] = useState(plans[0]?.id ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>("csv");
  const [state, setState] = useState<Step>({ step: "choose" });
  const [formError, setFormError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const busy = state.step === "checking" || state.step === "importing";
  // Move focus to what appeared (the preview, the result), so keyboard and screen-reader users land on it.
  const shown = state.step === "preview" ? "preview" : state.step === "done" ? "done" : null;
  useEffect(() => {
    if (shown) document.getElementById(`${id}-${shown}`)?.focus();
  }, [shown, id]);
  const planLabel = plans.find((p) => p.id === planId)?.label ?? "";

  function progressOf(label: string, e: Extract<UploadEvent, { type: "progress" }>, size: number): Running {
    const fraction = e.total ? e.processed / e.total : size > 0 ? e.bytes / size : null;
    return { label, processed: e.processed, fraction: fraction === null ? null : Math.min(1, fraction) };
  }

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (!file) {
      setFileError("Choose a CSV or JSON file.");
      fileRef.current?.focus();
      return;
    }
    setFileError(null);
    setState({ step: "checking", running: { label: "Checking the file", processed: 0, fraction: 0 } });
    const result = await upload(file, { planId, format, mode: "preview" }, (e) =>
      setState({ step: "checking", running: progressOf("Checking the file", e, file.size) }),
    );
    if (result.type !== "done") {
      setState({ step: "choose" });
      setFormError(result.type === "error" ? result.message : "The server did not check the file. Try again.");
      return;
    }
    setState({ step: "preview", preview: result });
  }

  async function confirm(preview: Done) {
    if (!file) return;
    setFormError(null);
    const total = preview.valid + preview.invalid;
    setState({ step: "importing", preview, running: { label: "Importing members", processed: 0, fraction: 0 } });
    const result = await upload(file, { planId, format, mode: "import", rows: String(total), name: file.name }, (e) =>
      setState({ step: "importing", preview, running: progressOf("Importing members", e, file.size) }),
    );
    if (result.type === "queued") {
      // J1: a large file is imported by a job; its page shows the progress and, later, the result.
      router.push(`/dashboard/operations/${result.operationId}`);
      return;
    }
    if (result.type === "error") {
      setState({ step: "preview", preview });
      setFormError(`Nothing was imported. ${result.message}`);
      return;
    }
    setState({ step: "done", result });
  }

  function startOver() {
    setState({ step: "choose" });
    setFile(null);
    setFormError(null);
    if (fileRef.current) fileRef.current.value = "";
  }

  const running = state.step === "checking" || state.step === "importing" ? state.running : null;

  return (
    <div className="grid gap-6">
      <form onSubmit={check} className="grid gap-4 sm:max-w-xl" noValidate aria-describedby={`${id}-about`}>
        <p id={`${id}-about`} className="sr-only">
          Checking the file writes nothing. You confirm the import after seeing its errors.
        </p>
        {state.step === "choose" ? <FormMessage>{formError}</FormMessage> : null}
        <Field label="Plan" htmlFor={`${id}-plan`} required>
          <NativeSelect
            value={planId}
            onChange={(e) => setPlanId(e.target.value)}
            disabled={busy || state.step !== "choose"}
          >
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field
          label="File"
          htmlFor={`${id}-file`}
          required
          error={fileError}
          hint="A CSV with a header row, or a JSON array of objects, saved as UTF-8."
        >
          <Input
            ref={fileRef}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            disabled={busy || state.step !== "choose"}
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              setFileError(null);
              if (chosen) setFormat(formatOf(chosen));
            }}
          />
        </Field>
        <Field label="Format" htmlFor={`${id}-format`} hint="Set from the file's name; change it if it is wrong.">
          <NativeSelect
            value={format}
            onChange={(e) => setFormat(e.target.value as Format)}
            disabled={busy || state.step !== "choose"}
            wrapperClassName="w-40"
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </NativeSelect>
        </Field>
        {state.step === "choose" || state.step === "checking" ? (
          <div>
            <Button type="submit" disabled={busy} aria-disabled={busy || undefined}>
              Check file
            </Button>
          </div>
        ) : null}
      </form>

      <div className="grid gap-6">
        {running ? (
          <div className="grid gap-2">
            <Progress
              label={running.label}
              value={running.fraction === null ? 0 : Math.round(running.fraction * 100)}
              valueLabel={running.fraction === null ? undefined : `${Math.round(running.fraction * 100)}%`}
              valueText={`${plural(running.processed, "row", "rows")} done`}
            />
          </div>
        ) : null}
        {/* Always present, so screen readers announce each change of progress and outcome. */}
        <p role="status" aria-live="polite" className={running ? "text-sm text-muted-foreground" : "sr-only"}>
          {running
            ? `${running.label}: ${plural(running.processed, "row", "rows")} so far…`
            : state.step === "preview"
              ? `Preview ready: ${plural(state.preview.valid, "row", "rows")} ready to import, ${plural(state.preview.invalid, "row", "rows")} with errors.`
              : state.step === "done"
                ? `Import finished: ${plural(state.result.imported, "new membership", "new memberships")}.`
                : ""}
        </p>

        {state.step === "preview" || state.step === "importing" ? (
          <PreviewView
            headingId={`${id}-preview`}
            preview={state.preview}
            planLabel={planLabel}
            timezone={timezone}
            importing={state.step === "importing"}
            formError={state.step === "preview" ? formError : null}
            onConfirm={() => confirm(state.preview)}
            onCancel={startOver}
          />
        ) : null}

        {state.step === "done" ? (
          <section aria-labelledby={`${id}-done`} className="grid gap-4">
            <Alert variant="success">
              <h2 id={`${id}-done`} tabIndex={-1} className="font-semibold focus:outline-none">
                Import finished
              </h2>
              <p>
                {plural(state.result.imported, "new membership", "new memberships")} in {planLabel}.
                {state.result.alreadyImported > 0
                  ? ` ${plural(state.result.alreadyImported, "row was", "rows were")} already imported and added nothing.`
                  : ""}
                {state.result.invalid > 0
                  ? ` ${plural(state.result.invalid, "row with errors was", "rows with errors were")} left out.`
                  : ""}
              </p>
            </Alert>
            {state.result.errors.length > 0 ? (
              <ErrorTable errors={state.result.errors} more={state.result.moreErrors} caption="Rows left out" />
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button asChild>
                <Link href="/dashboard/memberships">Back to Memberships</Link>
              </Button>
              <Button variant="outline" onClick={startOver}>
                Import another file
              </Button>
            </div>
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** Counts, every row's errors and the first rows; nothing is written until Confirm import. */
function PreviewView(props: {
  headingId: string;
  preview: Done;
  planLabel: string;
  timezone: string;
  importing: boolean;
  formError: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { preview: p } = props;
  const toWrite = p.valid - p.alreadyImported;
  return (
    <section aria-labelledby={props.headingId} className="grid gap-4">
      <h2 id={props.headingId} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        Preview
      </h2>
      <FormMessage>{props.formError}</FormMessage>
      <ul className="flex flex-wrap gap-2" aria-label="Summary">
        <li>
          <Badge variant="success">{plural(p.valid, "row ready to import", "rows ready to import")}</Badge>
        </li>
        <li>
          <Badge variant={p.invalid ? "danger" : "neutral"}>
            {plural(p.invalid, "row with errors", "rows with errors")}
          </Badge>
        </li>
        {p.alreadyImported > 0 ? (
          <li>
            <Badge variant="neutral">
              {plural(p.alreadyImported, "row already imported", "rows already imported")}
            </Badge>
          </li>
        ) : null}
      </ul>
      <p className="text-sm text-muted-foreground">
        Nothing has been written yet. Confirming gives {props.planLabel} to {plural(toWrite, "person", "people")} in one
        step.
        {p.invalid > 0
          ? " Rows with errors are left out: fix them and import the same file again later, and the rows already imported add nothing."
          : ""}
      </p>

      {p.errors.length > 0 ? <ErrorTable errors={p.errors} more={p.moreErrors} caption="Rows with errors" /> : null}

      {p.warnings.length ? (
        <Alert variant="warning" title={`Check ${plural(p.warnings.length, "row", "rows")} before you confirm`}>
          <p>These rows are imported as written, but look unusual:</p>
          <ul className="mt-1 list-disc pl-5" aria-label="Rows to check">
            {p.warnings.slice(0, 20).map((w) => (
              <li key={`${w.row}-${w.field}`}>
                Row {w.row}: {w.message}
              </li>
            ))}
          </ul>
          {p.warnings.length > 20 ? (
            <p className="mt-1">and {plural(p.warnings.length - 20, "more row", "more rows")}.</p>
          ) : null}
        </Alert>
      ) : null}

      {p.sample.length > 0 ? (
        <Table aria-label="First rows to import">
          <TableCaption>The first rows as they will be imported (times in {props.timezone}).</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Row</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Name</TableHead>
              <TableHead>Starts</TableHead>
              <TableHead>Ends</TableHead>
              <TableHead>Sessions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.sample.map((r) => (
              <TableRow key={r.row}>
                <TableCell className="tabular-nums">{r.row}</TableCell>
                <TableCell>{r.email}</TableCell>
                <TableCell>{r.name}</TableCell>
                <TableCell>{when(r.startsAt, props.timezone)}</TableCell>
                <TableCell>{r.endsAt ? when(r.endsAt, props.timezone) : "Until cancelled"}</TableCell>
                <TableCell className="tabular-nums">{r.sessions ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}

      <div className="flex flex-wrap gap-2">
        <Button
          onClick={props.onConfirm}
          disabled={props.importing || p.valid === 0}
          aria-disabled={props.importing || undefined}
        >
          Confirm import
        </Button>
        <Button variant="ghost" onClick={props.onCancel} disabled={props.importing}>
          Choose another file
        </Button>
      </div>
      {p.valid === 0 ? (
        <p className="text-sm text-muted-foreground">
          No row can be imported: fix the errors above and check the file again.
        </p>
      ) : null}
    </section>
  );
}

/** A date at midnight in the studio's zone reads as a date; any other instant with its time. */
function when(iso: string, timezone: string): string {
  const at = new Date(iso);
  return formatTime(at, timezone) === "00:00" ? formatDate(at, timezone) : formatDateTime(at, timezone);
}

function ErrorTable({ errors, more, caption }: { errors: ImportResult["errors"]; more: number; caption: string }) {
  return (
    <Table aria-label={caption}>
      <TableCaption>
        {caption}: {plural(errors.length + more, "problem", "problems")}
        {more > 0 ? `, the first ${errors.length.toLocaleString("en-GB")} shown` : ""}. Row numbers are as your
        spreadsheet shows them (the header is row 1); in JSON, the item&apos;s position in the list.
      </TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Row</TableHead>
          <TableHead>Column</TableHead>
          <TableHead>Problem</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {errors.map((e, i) => (
          <TableRow key={`${e.row}-${e.field}-${i}`}>
            <TableCell className="tabular-nums">{e.row}</TableCell>
            <TableCell className="font-mono text-xs">{e.field === "_" ? "whole row" : e.field}</TableCell>
            <TableCell>{e.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
