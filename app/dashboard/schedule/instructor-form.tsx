"use client";

import { useActionState } from "react";
import { FormMessage, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { setClassInstructorAction, setSessionInstructorAction } from "./actions";

/** T3: picks a class's default instructor, or a session's substitute (empty: the default). */
export function InstructorForm({
  kind,
  id,
  current,
  team,
  emptyLabel,
}: {
  kind: "class" | "session";
  id: string;
  current: string | null;
  team: { id: string; name: string }[];
  emptyLabel: string;
}) {
  const [state, action] = useActionState(
    kind === "class" ? setClassInstructorAction : setSessionInstructorAction,
    initialFormState,
  );
  return (
    <form action={action} className="grid gap-2">
      <FormMessage>{state.formError}</FormMessage>
      {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      <input type="hidden" name={kind === "class" ? "classId" : "sessionId"} value={id} />
      <div className="flex items-center gap-2">
        <NativeSelect
          name="instructorId"
          defaultValue={current ?? ""}
          aria-label={kind === "class" ? "Instructor" : "Instructor of this session"}
          wrapperClassName="min-w-0 flex-1"
        >
          <option value="">{emptyLabel}</option>
          {team.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </NativeSelect>
        <SubmitButton variant="outline" size="sm" pendingLabel="Saving…">
          Save
        </SubmitButton>
      </div>
    </form>
  );
}
