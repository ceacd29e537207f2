"use client";

import { Checkbox, Field, Input, Textarea } from "@/app/_ui";
import { ActionDialog } from "@/app/dashboard/memberships/action-dialog";
import { archiveClassAction, cancelSeriesAction, updateClassAction, updateSessionAction } from "./actions";

/** O1: edit one session's day, time, length, capacity and location (times in the studio's zone). */
export function EditSessionButton({
  session,
}: {
  session: {
    id: string;
    title: string;
    date: string;
    time: string;
    durationMinutes: number;
    capacity: number;
    booked: number;
    location: string | null;
    classLocation: string | null;
    timeZone: string;
  };
}) {
  const s = session;
  return (
    <ActionDialog
      trigger="Edit session"
      triggerVariant="outline"
      triggerSize="md"
      title="Edit this session"
      description={
        s.booked > 0
          ? `${s.booked} booked. If the time changes, each of them gets an email with the new time. Times are in ${s.timeZone}.`
          : `Times are in ${s.timeZone}.`
      }
      action={updateSessionAction}
      hidden={{ sessionId: s.id }}
      submitLabel="Save session"
      pendingLabel="Saving…"
    >
      {(state) => {
        const v = state.values ?? {};
        const e = state.fieldErrors ?? {};
        return (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Day" htmlFor="session-date" error={e.date ?? e.startsAt} required>
                <Input name="date" type="date" defaultValue={v.date ?? s.date} required />
              </Field>
              <Field label="Start time" htmlFor="session-time" error={e.time} required>
                <Input name="time" type="time" defaultValue={v.time ?? s.time} required />
              </Field>
              <Field label="Length (minutes)" htmlFor="session-length" error={e.durationMinutes} required>
                <Input
                  name="durationMinutes"
                  type="number"
                  min={1}
                  max={1440}
                  defaultValue={v.durationMinutes ?? String(s.durationMinutes)}
                  required
                />
              </Field>
              <Field
                label="Capacity"
                htmlFor="session-capacity"
                error={e.capacity}
                required
                hint={s.booked > 0 ? `At least ${s.booked} (booked).` : undefined}
              >
                <Input
                  name="capacity"
                  type="number"
                  min={Math.max(1, s.booked)}
                  max={1000}
                  defaultValue={v.capacity ?? String(s.capacity)}
                  required
                />
              </Field>
            </div>
            <Field
              label="Location"
              htmlFor="session-location"
              error={e.location}
              hint={s.classLocation ? `Empty: the class's, ${s.classLocation}.` : "Empty: the class's location."}
            >
              <Input name="location" maxLength={200} defaultValue={v.location ?? s.location ?? ""} />
            </Field>
          </>
        );
      }}
    </ActionDialog>
  );
}

/** O1: cancel a class's sessions from a day on (a weekly series added by mistake, or a class that ends). */
export function CancelSeriesButton({ classId, title, today }: { classId: string; title: string; today: string }) {
  return (
    <ActionDialog
      trigger="Cancel sessions from a day on"
      triggerVariant="outline"
      title={`Cancel ${title} from a day on?`}
      description="Every session of this class from that day on is cancelled. Booked clients get their pack sessions back and an email. Sessions that have started stay. This cannot be undone."
      action={cancelSeriesAction}
      hidden={{ classId }}
      submitLabel="Cancel sessions"
      pendingLabel="Cancelling…"
      dismissLabel="Keep sessions"
      danger
    >
      {(state) => (
        <>
          <Field label="From (inclusive)" htmlFor="series-from" error={state.fieldErrors?.from} required>
            <Input name="from" type="date" min={today} defaultValue={state.values?.from ?? today} required />
          </Field>
          <Field label="Reason (optional)" htmlFor="series-reason" hint="Included in the email to clients.">
            <Textarea name="reason" rows={3} maxLength={500} defaultValue={state.values?.reason} />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}

/** O1: edit a class's details; sessions already scheduled keep their own capacity and times. */
export function EditClassButton({
  cls,
}: {
  cls: {
    id: string;
    title: string;
    description: string | null;
    capacity: number;
    durationMinutes: number;
    location: string | null;
    memberOnly: boolean;
    dropInPrice: string;
  };
}) {
  return (
    <ActionDialog
      trigger="Edit class"
      triggerSize="md"
      title="Edit the class"
      description="New sessions use these values. Sessions already scheduled keep their own capacity and times; edit them one by one."
      action={updateClassAction}
      hidden={{ classId: cls.id }}
      submitLabel="Save class"
      pendingLabel="Saving…"
    >
      {(state) => {
        const v = state.values ?? {};
        const e = state.fieldErrors ?? {};
        return (
          <>
            <Field label="Name" htmlFor="class-title" error={e.title} required>
              <Input name="title" maxLength={120} defaultValue={v.title ?? cls.title} required />
            </Field>
            <Field label="Description" htmlFor="class-description" error={e.description}>
              <Textarea
                name="description"
                rows={3}
                maxLength={2000}
                defaultValue={v.description ?? cls.description ?? ""}
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Capacity" htmlFor="class-capacity" error={e.capacity} required>
                <Input
                  name="capacity"
                  type="number"
                  min={1}
                  max={1000}
                  defaultValue={v.capacity ?? String(cls.capacity)}
                  required
                />
              </Field>
              <Field label="Length (minutes)" htmlFor="class-length" error={e.durationMinutes} required>
                <Input
                  name="durationMinutes"
                  type="number"
                  min={1}
                  max={1440}
                  defaultValue={v.durationMinutes ?? String(cls.durationMinutes)}
                  required
                />
              </Field>
              <Field label="Location" htmlFor="class-location" error={e.location}>
                <Input name="location" maxLength={200} defaultValue={v.location ?? cls.location ?? ""} />
              </Field>
              <Field label="Drop-in price" htmlFor="class-price" error={e.dropInPrice} hint="Empty: no drop-ins.">
                <Input name="dropInPrice" inputMode="decimal" defaultValue={v.dropInPrice ?? cls.dropInPrice} />
              </Field>
            </div>
            <Checkbox name="memberOnly" label="Members only" defaultChecked={cls.memberOnly} />
          </>
        );
      }}
    </ActionDialog>
  );
}

/** O1: archive a class (it takes no new sessions; existing ones stay), or restore it. */
export function ArchiveClassButton({
  classId,
  title,
  archived,
}: {
  classId: string;
  title: string;
  archived: boolean;
}) {
  return (
    <ActionDialog
      trigger={archived ? "Restore class" : "Archive class"}
      triggerSize="md"
      triggerVariant={archived ? "outline" : "ghost"}
      title={archived ? `Restore ${title}?` : `Archive ${title}?`}
      description={
        archived
          ? "The class comes back to the class list and takes new sessions again."
          : "The class leaves the class list and takes no new sessions. Sessions already scheduled and their bookings stay; cancel them separately if needed."
      }
      action={archiveClassAction}
      hidden={{ classId, archived: archived ? "false" : "true" }}
      submitLabel={archived ? "Restore" : "Archive"}
      pendingLabel="Saving…"
    />
  );
}
