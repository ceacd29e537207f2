import { route } from "@/lib/api/handler";
import { addClientNoteEndpoint, listClientNotesEndpoint } from "@/lib/api/endpoints";

export const GET = route(listClientNotesEndpoint);
export const POST = route(addClientNoteEndpoint);
