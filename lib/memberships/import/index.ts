// M10: importing members into a plan from CSV or JSON.
export { previewImport, runImport, ImportInput, IMPORT_BATCH_SIZE, MAX_LISTED_ERRORS } from "./import";
export type { ImportError, ImportPreview, ImportProgress, ImportResult, ImportSampleRow } from "./import";
export { IMPORT_COLUMNS, REQUIRED_COLUMNS } from "./rows";
export type { ImportFormat, ImportSource } from "./source";
export { importTemplateCsv } from "./template";
