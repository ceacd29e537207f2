import { z } from "zod";
import { clientSource, type Client } from "@/db/schema";
import { Email, PersonName } from "@/lib/core/validation";

export const Phone = z
  .string()
  .trim()
  .max(40, { error: "Keep the phone number under 40 characters." })
  .regex(/^[0-9+()\-.\s/]*$/, { error: "Use digits, spaces and + ( ) - . / only." });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

export const EmergencyContact = z
  .object({
    name: optionalText(200),
    phone: Phone.transform((s) => (s === "" ? null : s))
      .nullable()
      .optional(),
  })
  .nullable();

/** The C2 fields staff may set on a client (all optional: a patch). */
export const ClientFields = z.object({
  name: PersonName,
  email: Email.nullable(),
  phone: Phone.transform((s) => (s === "" ? null : s)).nullable(),
  emergencyContact: EmergencyContact,
  pictureUrl: z.url({ protocol: /^https?$/, error: "Use an http(s) address." }).nullable(),
  questionnaire: z.record(z.string().max(200), z.unknown()).nullable(),
  marketingConsent: z.boolean(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
});

export const ClientSource = z.enum(clientSource.enumValues);

/** The client as the API and pages show it (C2). */
export function toApiClient(c: Client) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    emergencyContact:
      c.emergencyContactName || c.emergencyContactPhone
        ? { name: c.emergencyContactName, phone: c.emergencyContactPhone }
        : null,
    pictureUrl: c.pictureUrl,
    questionnaire: c.questionnaire,
    marketingConsent: c.marketingConsent,
    marketingConsentAt: c.marketingConsentAt?.toISOString() ?? null,
    memberSince: c.memberSince?.toISOString() ?? null,
    tags: c.tags,
    source: c.source,
    portalDisabled: c.portalDisabled,
    household:
      c.householdPrimaryId && c.householdRole ? { primaryId: c.householdPrimaryId, role: c.householdRole } : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ApiClient = ReturnType<typeof toApiClient>;
