import { route, getStudioEndpoint } from "@/lib/api";

export const GET = route(getStudioEndpoint);
