import { z } from "zod";
import type { FormQuestion } from "@/db/schema";
import { MAX_BODY_LENGTH, sanitizeMarkdown } from "./markdown";

/** F1: one question as the API and the dashboard give it (its id is given when the version is published). */
export const QuestionInput = z
  .object({
    kind: z.enum(["text", "yes_no", "choice"]),
    label: z.string().trim().min(1, { error: "A question needs its words." }).max(300),
    options: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    required: z.boolean().optional().meta({ description: "Default true." }),
    health: z
      .boolean()
      .optional()
      .meta({ description: "A health (special-category) question: staff-only, never exported, erased (P1)." }),
  })
  .superRefine((q, c) => {
    if (q.kind === "choice" && (q.options?.length ?? 0) < 2)
      c.addIssue({ code: "custom", path: ["options"], message: "A choice needs at least two options." });
    if (q.kind !== "choice" && q.options?.length)
      c.addIssue({ code: "custom", path: ["options"], message: "Only a choice has options." });
  });
export type QuestionInput = z.input<typeof QuestionInput>;

export const FormTitle = z
  .string({ error: "Give the form a title." })
  .trim()
  .min(1, { error: "Give the form a title." })
  .max(200);
export const FormBody = z
  .string({ error: "Write the form's text." })
  .max(MAX_BODY_LENGTH)
  .transform(sanitizeMarkdown)
  .refine((s) => s.length > 0, { error: "Write the form's text." });
export const Questions = z.array(QuestionInput).max(30);

/** Which plans and classes require the form (F1). */
export const RequiredFor = z.object({
  planIds: z.array(z.uuid()).max(200).optional(),
  classIds: z.array(z.uuid()).max(200).optional(),
});

export const CreateFormInput = z.object({
  title: FormTitle,
  body: FormBody,
  questions: Questions.optional(),
  requiredFor: RequiredFor.optional(),
});
export type CreateFormInput = z.input<typeof CreateFormInput>;

export const PublishFormVersionInput = z.object({
  formId: z.string().max(100),
  title: FormTitle,
  body: FormBody,
  questions: Questions.optional(),
  /** Who signs again: everyone (every earlier signature stops counting) or only clients who never signed. */
  resign: z.enum(["everyone", "new_clients"], { error: "Choose who must sign again." }),
});
export type PublishFormVersionInput = z.input<typeof PublishFormVersionInput>;

export const SetFormRequirementsInput = z.object({
  formId: z.string().max(100),
  planIds: z.array(z.uuid()).max(200).default([]),
  classIds: z.array(z.uuid()).max(200).default([]),
});
export type SetFormRequirementsInput = z.input<typeof SetFormRequirementsInput>;

/** The stored questions of a version: ids q1, q2… in order. */
export function toStoredQuestions(qs: z.output<typeof Questions> | undefined): FormQuestion[] {
  return (qs ?? []).map((q, i) => ({
    id: `q${i + 1}`,
    kind: q.kind,
    label: q.label,
    ...(q.kind === "choice" ? { options: q.options } : {}),
    required: q.required ?? true,
    health: q.health ?? false,
  }));
}

const KINDS: Record<string, FormQuestion["kind"]> = {
  text: "text",
  "yes/no": "yes_no",
  yes_no: "yes_no",
  yesno: "yes_no",
  choice: "choice",
};

/**
 * The dashboard's questions box, one question a line:
 * `Yes/no: Any injury we should know about? (health)`,
 * `Choice: Your experience | Beginner | Some | A lot`, `Text: How did you hear of us? (optional)`.
 */
export const QuestionsText = z
  .string()
  .max(20_000)
  .transform((text, c) => {
    const out: QuestionInput[] = [];
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((line, n) => {
        const m = /^([a-z/_]+)\s*:\s*(.+)$/i.exec(line);
        const kind = m ? KINDS[m[1]!.toLowerCase()] : undefined;
        if (!m || !kind) {
          c.addIssue({
            code: "custom",
            message: `Line ${n + 1}: start with "Text:", "Yes/no:" or "Choice:".`,
          });
          return;
        }
        let rest = m[2]!;
        const flags = { health: false, optional: false };
        for (let f = /\s*\((health|optional)\)\s*$/i.exec(rest); f; f = /\s*\((health|optional)\)\s*$/i.exec(rest)) {
          flags[f[1]!.toLowerCase() as "health" | "optional"] = true;
          rest = rest.slice(0, f.index);
        }
        const [label, ...options] = rest.split("|").map((s) => s.trim());
        out.push({
          kind,
          label: label ?? "",
          ...(kind === "choice" ? { options: options.filter(Boolean) } : {}),
          required: !flags.optional,
          health: flags.health,
        });
      });
    return out;
  })
  .pipe(Questions);

/** The questions box's text for a version's questions (to edit them again). */
export function questionsText(qs: FormQuestion[]): string {
  return qs
    .map((q) => {
      const kind = q.kind === "yes_no" ? "Yes/no" : q.kind === "choice" ? "Choice" : "Text";
      const opts = q.kind === "choice" ? ` | ${(q.options ?? []).join(" | ")}` : "";
      return `${kind}: ${q.label}${opts}${q.health ? " (health)" : ""}${q.required ? "" : " (optional)"}`;
    })
    .join("\n");
}
