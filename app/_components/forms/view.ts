import type { FormQuestion } from "@/db/schema";
import type { FormToSign } from "@/lib/forms";

/** F1: what the signing card needs of a form version to sign (serializable, for the client component). */
export type FormToSignView = {
  formId: string;
  versionId: string;
  title: string;
  body: string;
  version: number;
  questions: FormQuestion[];
  /** The version the client signed before, when a new one must be signed. */
  signedVersion: number | null;
};

/** The signing card's view of a version to sign (portal, embed and desk alike). */
export function formToSignView(f: FormToSign): FormToSignView {
  return {
    formId: f.formId,
    versionId: f.id,
    title: f.title,
    body: f.body,
    version: f.version,
    questions: f.questions,
    signedVersion: f.signedVersion,
  };
}
