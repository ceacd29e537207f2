import { route, linkCompanyClientEndpoint } from "@/lib/api";

export const POST = route(linkCompanyClientEndpoint);
