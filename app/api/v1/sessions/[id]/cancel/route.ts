import { route } from "@/lib/api/handler";
import { cancelSessionEndpoint } from "@/lib/api/endpoints";

export const POST = route(cancelSessionEndpoint);
