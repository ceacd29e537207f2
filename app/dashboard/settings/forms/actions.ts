"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { FormId, staffAction } from "@/app/_lib/staff-action";
import {
  createForm,
  CreateFormInput,
  publishFormVersion,
  PublishFormVersionInput,
  QuestionsText,
  setFormRequirements,
} from "@/lib/forms";

const PATH = "/dashboard/settings/forms";
const Ids = z.array(z.uuid()).max(200).default([]);

/** F1: the dashboard's form fields: the verb's own title and body, questions typed one a line, and the checkboxes. */
const CreateFormFields = z.object({
  title: CreateFormInput.shape.title,
  body: CreateFormInput.shape.body,
  questions: QuestionsText.optional(),
  planIds: Ids,
  classIds: Ids,
});

/** F1: a new form, version 1, and what requires it. Owners and managers (`settings`, checked by the verb). */
export const createFormAction = staffAction(CreateFormFields, async (ctx, { planIds, classIds, ...input }) => {
  const form = await createForm(ctx, { ...input, requiredFor: { planIds, classIds } });
  revalidatePath(PATH);
  return { ok: true, message: `“${form.title}” is published (version 1).` };
});

const PublishFields = z.object({
  formId: FormId("Form"),
  title: PublishFormVersionInput.shape.title,
  body: PublishFormVersionInput.shape.body,
  questions: QuestionsText.optional(),
  resign: PublishFormVersionInput.shape.resign,
});

/** F1: editing publishes a new version; who signs again is chosen with it. */
export const publishFormVersionAction = staffAction(PublishFields, async (ctx, input) => {
  const form = await publishFormVersion(ctx, input);
  revalidatePath(PATH);
  return {
    ok: true,
    message: `Version ${form.version} is published. ${form.resign === "everyone" ? "Everyone signs it again" : "Only clients who never signed sign it"} before their next booking or purchase that needs it.`,
  };
});

/** F1: which plans and classes require the form. */
export const setFormRequirementsAction = staffAction(
  z.object({ formId: FormId("Form"), planIds: Ids, classIds: Ids }),
  async (ctx, input) => {
    await setFormRequirements(ctx, input);
    revalidatePath(PATH);
    return { ok: true, message: "Saved." };
  },
);
