/** The `--flag=value` arguments `npm start` gives node (server-flags.mjs). */
export function serverNodeFlags(): string[];
