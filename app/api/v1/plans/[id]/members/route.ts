import { route } from "@/lib/api/handler";
import { listPlanMembersEndpoint } from "@/lib/api/endpoints";

export const GET = route(listPlanMembersEndpoint);
