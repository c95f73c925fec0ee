/**
 * Operator commands, run on the server's machine with its environment (DATABASE_URL, PUBLIC_URL, PORT):
 *
 *   npm run admin -- reset-password <email>   prints a one-time link (valid an hour) to set a teacher's password
 *
 * The link is what the "Forgot password?" form would e-mail; without SMTP_URL this is how a teacher gets one.
 */
import { parseEmail } from "@/lib/auth/names";
import { RESET_LINK_TTL_MS } from "@/lib/auth/recovery";
import { systemClock } from "@/server/clock";
import { parseConfig } from "@/server/config";
import { openDatabase } from "@/server/persistence/database";
import { issueResetLink, publicBaseUrl } from "@/server/services/recovery";

const USAGE = `Usage: npm run admin -- reset-password <email>
  reset-password <email>  print a one-time link that lets the teacher with this e-mail choose a new password
                          (it works once, within ${RESET_LINK_TTL_MS / 60_000} minutes; their old sessions end when it is used)
Links point at PUBLIC_URL (default http://localhost:PORT); the database is DATABASE_URL.`;

async function resetPassword(rawEmail: string | undefined): Promise<number> {
  const email = parseEmail(rawEmail ?? "");
  if (!email.ok) {
    console.error(`"${rawEmail ?? ""}" is not an e-mail address.\n\n${USAGE}`);
    return 2;
  }
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(`The configuration is invalid.\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  const db = await openDatabase(parsed.config.databaseUrl);
  try {
    const issued = await issueResetLink({ repos: db.repositories, clock: systemClock }, email.value, publicBaseUrl(parsed.config));
    if (!issued) {
      console.error(`No teacher account uses ${email.value}.`);
      return 1;
    }
    console.log(`Password reset link for ${issued.user.displayName} <${email.value}> (works once, for ${RESET_LINK_TTL_MS / 60_000} minutes):`);
    console.log(issued.link);
    return 0;
  } finally {
    await db.close();
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === "reset-password" && args.length === 1) {
  process.exit(await resetPassword(args[0]));
} else if (command === "--help" || command === "help") {
  console.log(USAGE);
} else {
  console.error(USAGE);
  process.exit(2);
}
