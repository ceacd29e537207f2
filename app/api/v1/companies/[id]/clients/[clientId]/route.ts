import { route } from "@/lib/api/handler";
import { unlinkCompanyClientEndpoint } from "@/lib/api/endpoints";

export const DELETE = route(unlinkCompanyClientEndpoint);
