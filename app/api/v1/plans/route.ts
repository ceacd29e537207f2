import { route, listPlansEndpoint, createPlanEndpoint } from "@/lib/api";

export const GET = route(listPlansEndpoint);
export const POST = route(createPlanEndpoint);
