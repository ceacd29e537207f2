"use client";

import { useActionState } from "react";
import { X } from "lucide-react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { addTagAction, removeTagAction } from "./crm-actions";

/** R4: the client's tags as removable chips, and a field to add one (suggesting the studio's tags). */
export function TagsEditor({
  clientId,
  tags,
  suggestions,
}: {
  clientId: string;
  tags: string[];
  suggestions: string[];
}) {
  const [addState, add] = useActionState(addTagAction, initialFormState);
  const [removeState, remove] = useActionState(removeTagAction, initialFormState);
  const lowered = new Set(tags.map((t) => t.toLowerCase()));
  const offered = suggestions.filter((s) => !lowered.has(s.toLowerCase()));
  const typed = addState.ok ? undefined : addState.values?.tag;

  return (
    <div className="grid gap-4">
      {tags.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No tags yet. Add one below to group this client, e.g. “prenatal” or “morning”.
        </p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag}>
              <form
                action={remove}
                className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-3 pr-1 text-xs font-medium text-brand-800"
              >
                <input type="hidden" name="clientId" value={clientId} />
                <input type="hidden" name="tag" value={tag} />
                <span>{tag}</span>
                <button
                  type="submit"
                  aria-label={`Remove tag ${tag}`}
                  className="inline-flex size-5 items-center justify-center rounded-full hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
                >
                  <X aria-hidden="true" className="size-3" />
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <FormMessage>{removeState.formError}</FormMessage>
      <FormMessage variant="success">{removeState.ok ? removeState.message : null}</FormMessage>

      <form action={add} className="flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="clientId" value={clientId} />
        <Field label="Add a tag" htmlFor="new-tag" error={addState.fieldErrors?.tag} className="min-w-48 flex-1">
          <Input
            name="tag"
            list="studio-tags"
            maxLength={50}
            autoComplete="off"
            defaultValue={typed ?? ""}
            key={typed ?? "empty"}
          />
        </Field>
        <datalist id="studio-tags">
          {offered.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <SubmitButton pendingLabel="Adding…">Add tag</SubmitButton>
      </form>
      <p className="-mt-2 text-xs text-muted-foreground">
        Up to 50 characters. “Yoga” and “yoga” count as the same tag.
      </p>
      <FormMessage>{addState.fieldErrors ? null : addState.formError}</FormMessage>
      <FormMessage variant="success">{addState.ok ? addState.message : null}</FormMessage>
    </div>
  );
}
