import { route } from "@/lib/api/handler";
import { createCompanyEndpoint } from "@/lib/api/endpoints";

export const POST = route(createCompanyEndpoint);
