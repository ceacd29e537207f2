import { route } from "@/lib/api/handler";
import { markAttendanceEndpoint } from "@/lib/api/endpoints";

export const PATCH = route(markAttendanceEndpoint);
