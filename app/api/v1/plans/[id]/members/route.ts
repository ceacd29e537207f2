import { route, listPlanMembersEndpoint } from "@/lib/api";

export const GET = route(listPlanMembersEndpoint);
