import { route } from "@/lib/api/handler";
import { getPlanEndpoint } from "@/lib/api/endpoints";

export const GET = route(getPlanEndpoint);
