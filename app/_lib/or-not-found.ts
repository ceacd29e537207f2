import { notFound } from "next/navigation";
import { NotFoundError } from "@/lib/core/errors";

/** A page's main read, or the 404 page: unknown ids and other studios' ids read the same. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
