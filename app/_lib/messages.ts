/** The UI's messages. One locale today; choosing another happens here when a translation exists. */
import { messagesFor } from "@/lib/i18n";

export const m = messagesFor("en");
export { format } from "@/lib/i18n";
