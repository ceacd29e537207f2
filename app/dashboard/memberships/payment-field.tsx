import { Field, NativeSelect } from "@/app/_ui";
import { DESK_PAYMENT_OPTIONS } from "@/app/_components/memberships/labels";

/** How a sale at the desk was paid, or that it is due (P0). Field name "payment". */
export function PaymentField({
  id,
  error,
  defaultValue = "due",
  hint,
}: {
  id: string;
  error?: string[];
  defaultValue?: string;
  hint?: string;
}) {
  return (
    <Field label="Payment" htmlFor={id} error={error} hint={hint} required>
      <NativeSelect name="payment" defaultValue={defaultValue} required>
        {DESK_PAYMENT_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );
}
