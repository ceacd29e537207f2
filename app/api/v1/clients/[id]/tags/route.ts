import { route } from "@/lib/api/handler";
import { addClientTagEndpoint } from "@/lib/api/endpoints";

export const POST = route(addClientTagEndpoint);
