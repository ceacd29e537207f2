import { route, changeStaffRoleEndpoint, removeStaffEndpoint } from "@/lib/api";

export const PATCH = route(changeStaffRoleEndpoint);
export const DELETE = route(removeStaffEndpoint);
