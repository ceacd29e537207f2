// F1: waivers and intake forms — the public surface (each verb checks its caller's permission).
export { createForm, getForm, listForms, publishFormVersion, setFormRequirements, type FormSummary } from "./forms";
export {
  CreateFormInput,
  PublishFormVersionInput,
  QuestionInput,
  QuestionsText,
  questionsText,
  SetFormRequirementsInput,
} from "./form-input";
export { answersFromForm, signForm, SignFormInput, type SignatureOrigin } from "./sign-form";
export {
  formsToSign,
  listClientForms,
  listHealthAnswers,
  listUnsignedForms,
  unsignedFormTitles,
  type SignedForm,
} from "./client-forms";
export { needsSignature, type FormToSign } from "./required";
export { MarkdownView } from "./markdown-view";
export { markdownText, sanitizeMarkdown } from "./markdown";
