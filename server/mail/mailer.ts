/**
 * Sending e-mail (password reset links) through the SMTP server named by SMTP_URL, with nodemailer. Without
 * SMTP_URL there is no mailer, and reset links come from `npm run admin -- reset-password <email>` instead.
 */
import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(settings: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}

declare module "@/server/context" {
  interface AppServices {
    /** Null without SMTP_URL. */
    mailer: Mailer | null;
  }
}
