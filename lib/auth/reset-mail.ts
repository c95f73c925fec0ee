/** The password reset e-mail, in the teacher's language, from the i18n catalogues. Pure. */
import { format, type Messages } from "../i18n";
import { RESET_LINK_TTL_MS } from "./recovery";

export interface ResetMail {
  subject: string;
  text: string;
}

export function resetMail(m: Messages, to: { displayName: string; email: string }, link: string): ResetMail {
  return {
    subject: m.recovery.mail.subject,
    text: format(m.recovery.mail.body, { name: to.displayName, email: to.email, link, minutes: RESET_LINK_TTL_MS / 60_000 }),
  };
}
