import { route, listStaffEndpoint } from "@/lib/api";

export const GET = route(listStaffEndpoint);
