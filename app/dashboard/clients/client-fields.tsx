import { Checkbox, Field, Input } from "@/app/_ui";

/** What the client form shows, either the saved client or what was just typed. */
export type ClientFieldValues = {
  name?: string;
  email?: string;
  phone?: string;
  emergencyName?: string;
  emergencyPhone?: string;
  marketingConsent: boolean;
};

/**
 * The C2 fields staff type for a client, shared by "Add a client" and the edit
 * form. Error keys are the verbs' (`emergencyContact.name`), input names are flat.
 */
export function ClientFields({
  values,
  errors,
  emailRequired = true,
}: {
  values: ClientFieldValues;
  errors: Record<string, string[]>;
  /** Staff-added clients need one (C1); a household participant may have none (H1). */
  emailRequired?: boolean;
}) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="name" error={errors.name} required>
          <Input name="name" defaultValue={values.name} autoComplete="off" required />
        </Field>
        <Field label="Email" htmlFor="email" error={errors.email} required={emailRequired}>
          <Input name="email" type="email" defaultValue={values.email} autoComplete="off" required={emailRequired} />
        </Field>
        <Field label="Phone" htmlFor="phone" error={errors.phone}>
          <Input name="phone" type="tel" defaultValue={values.phone} autoComplete="off" />
        </Field>
      </div>
      <fieldset className="grid gap-3">
        <legend className="mb-3 text-sm font-semibold text-foreground">Emergency contact</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Emergency contact person" htmlFor="emergencyName" error={errors["emergencyContact.name"]}>
            <Input name="emergencyName" defaultValue={values.emergencyName} autoComplete="off" />
          </Field>
          <Field label="Emergency contact number" htmlFor="emergencyPhone" error={errors["emergencyContact.phone"]}>
            <Input name="emergencyPhone" type="tel" defaultValue={values.emergencyPhone} autoComplete="off" />
          </Field>
        </div>
      </fieldset>
      <div className="grid gap-1">
        <Checkbox
          name="marketingConsent"
          defaultChecked={values.marketingConsent}
          label="Agrees to marketing messages"
          aria-describedby="marketingConsent-hint"
        />
        <p id="marketingConsent-hint" className="pl-6 text-xs text-muted-foreground">
          Tick only if the client said yes. The date of consent is recorded.
        </p>
      </div>
    </>
  );
}
