import { IMPORT_COLUMNS } from "./rows";

/** A CSV to fill in: the header and two example rows (a date means midnight in the studio's time zone). */
export function importTemplateCsv(): string {
  return [
    IMPORT_COLUMNS.join(","),
    "ana.kowalska@example.com,Ana Kowalska,+48 600 100 200,2026-03-01,,,",
    "ben.okafor@example.com,Ben Okafor,,2026-03-01T18:00:00+01:00,2026-06-01,,",
    "",
  ].join("\n");
}
