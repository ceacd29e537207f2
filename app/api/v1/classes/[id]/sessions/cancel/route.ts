import { route } from "@/lib/api/handler";
import { cancelSeriesEndpoint } from "@/lib/api/endpoints";

export const POST = route(cancelSeriesEndpoint);
