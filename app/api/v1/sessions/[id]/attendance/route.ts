import { route, getAttendanceEndpoint } from "@/lib/api";

export const GET = route(getAttendanceEndpoint);
