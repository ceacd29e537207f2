import { route } from "@/lib/api/handler";
import { createPromoCodeEndpoint, listPromoCodesEndpoint } from "@/lib/api/endpoints";

export const GET = route(listPromoCodesEndpoint);
export const POST = route(createPromoCodeEndpoint);
