import { route } from "@/lib/api/handler";
import { updateStudioSettingsEndpoint } from "@/lib/api/endpoints";

export const PATCH = route(updateStudioSettingsEndpoint);
