import { route, createClassEndpoint } from "@/lib/api";

export const POST = route(createClassEndpoint);
