import { route } from "@/lib/api/handler";
import { createClassEndpoint } from "@/lib/api/endpoints";

export const POST = route(createClassEndpoint);
