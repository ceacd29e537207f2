/**
 * Typed failures of the domain. Codes are the API's (../shared/API.md); the
 * HTTP layer and server actions translate them, the domain never does HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the input does not validate. `fields` maps a field path to its messages. */
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super("invalid_input", message);
  }
}

/** 401: nobody we know is calling. */
export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in, or send a valid API key.") {
    super("unauthenticated", message);
  }
}

/** 403: the caller is known but lacks the role. */
export class ForbiddenError extends DomainError {
  constructor(message = "You do not have permission to do this.") {
    super("forbidden", message);
  }
}

/** 404: no such row in the caller's studio (another studio's rows look the same). */
export class NotFoundError extends DomainError {
  constructor(what = "That") {
    super("not_found", `${what} was not found.`);
  }
}

/** 409: a business rule says no. `code` is the rule's code from API.md; `details` go beside it in the API's error (F1: `form`). */
export class RuleError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly details?: { form?: { id: string; versionId: string; title: string } },
  ) {
    super(code, message);
  }
}

/** 429: too many attempts. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", `Too many requests. Try again in ${retryAfterSeconds} seconds.`);
  }
}

/** Whether a database error (or one it wraps) is a unique-index violation (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x)
    if (x.code === "23505") return true;
  return false;
}
