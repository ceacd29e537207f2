import { route, eraseClientEndpoint } from "@/lib/api";

export const POST = route(eraseClientEndpoint);
