import { route } from "@/lib/api/handler";
import { eraseClientEndpoint } from "@/lib/api/endpoints";

export const POST = route(eraseClientEndpoint);
