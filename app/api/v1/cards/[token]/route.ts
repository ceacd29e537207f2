import { route } from "@/lib/api/handler";
import { getCardEndpoint } from "@/lib/api/endpoints";

export const GET = route(getCardEndpoint);
