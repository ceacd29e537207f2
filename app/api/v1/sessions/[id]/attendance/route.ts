import { route } from "@/lib/api/handler";
import { getAttendanceEndpoint } from "@/lib/api/endpoints";

export const GET = route(getAttendanceEndpoint);
