import { route } from "@/lib/api/handler";
import { linkCompanyClientEndpoint } from "@/lib/api/endpoints";

export const POST = route(linkCompanyClientEndpoint);
