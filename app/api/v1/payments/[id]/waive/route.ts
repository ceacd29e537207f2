import { route, waiveFeeEndpoint } from "@/lib/api";

export const POST = route(waiveFeeEndpoint);
