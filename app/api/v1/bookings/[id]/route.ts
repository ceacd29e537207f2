import { route, markAttendanceEndpoint } from "@/lib/api";

export const PATCH = route(markAttendanceEndpoint);
