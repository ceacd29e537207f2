import { route, unlinkCompanyClientEndpoint } from "@/lib/api";

export const DELETE = route(unlinkCompanyClientEndpoint);
