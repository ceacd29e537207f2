import type { ImportResult } from "@/lib/memberships/import";

/** One line of the upload route's newline-delimited JSON answer. */
export type UploadEvent =
  | { type: "progress"; processed: number; total?: number; bytes: number; totalBytes?: number }
  | ({ type: "done"; mode: "preview" | "import" } & ImportResult)
  | { type: "error"; code: string; message: string }
  /** A confirmed import above IMPORT_INLINE_MAX_ROWS rows: stored and handed to a job (J1); follow the operation. */
  | { type: "queued"; operationId: string };
