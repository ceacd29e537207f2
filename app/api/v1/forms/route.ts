import { route, createFormEndpoint, listFormsEndpoint } from "@/lib/api";

export const GET = route(listFormsEndpoint);
export const POST = route(createFormEndpoint);
