import { route, listClientFormsEndpoint } from "@/lib/api";

export const GET = route(listClientFormsEndpoint);
