import { z } from "zod";
import { Currency, TimeZone } from "@/lib/core/validation";

export const StudioName = z
  .string({ error: "Enter the studio's name." })
  .trim()
  .min(2, { error: "Enter the studio's name." })
  .max(120, { error: "Keep the name under 120 characters." });

/** Lower-case letters and digits in words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The studio's part of its portal address: /s/{slug}. */
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, { error: "Use at least two characters." })
  .max(48, { error: "Use at most 48 characters." })
  .regex(SLUG_PATTERN, { error: "Use lower-case letters, digits and single hyphens." });

export { Currency, TimeZone };

/** Turns a studio name into a slug candidate ("Blue Door Yoga" → "blue-door-yoga"). */
export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return s.length >= 2 ? s : `studio-${s}`.replace(/-+$/g, "");
}
