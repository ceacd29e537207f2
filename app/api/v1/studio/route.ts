import { route } from "@/lib/api/handler";
import { getStudioEndpoint } from "@/lib/api/endpoints";

export const GET = route(getStudioEndpoint);
