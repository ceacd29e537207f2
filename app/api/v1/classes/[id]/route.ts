import { route } from "@/lib/api/handler";
import { updateClassEndpoint } from "@/lib/api/endpoints";

export const PATCH = route(updateClassEndpoint);
