import { route } from "@/lib/api/handler";
import { listPlansEndpoint, createPlanEndpoint } from "@/lib/api/endpoints";

export const GET = route(listPlansEndpoint);
export const POST = route(createPlanEndpoint);
