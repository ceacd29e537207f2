import { route, createCompanyEndpoint } from "@/lib/api";

export const POST = route(createCompanyEndpoint);
