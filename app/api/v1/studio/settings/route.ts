import { route, updateStudioSettingsEndpoint } from "@/lib/api";

export const PATCH = route(updateStudioSettingsEndpoint);
