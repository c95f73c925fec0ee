/**
 * How often guessing-prone and expensive actions may happen before we refuse for a while. Per address and per
 * account (or classroom), so one machine cannot guess many accounts and many machines cannot guess one.
 *
 * A whole class shares the school's address (NAT), so the per-address numbers are sized for it: 40 students
 * joining or signing in within a minute or two, with room for typos and retries. Sign-ins count failures only
 * (a sign-in in progress holds a unit until its password is checked, and a success gives it back), so a class
 * signing in at once is never refused. Every new account counts, because each costs a 64 MiB scrypt hash.
 *
 * Recording runs is limited per account (every request counts): it is the one place a signed-in student can make
 * the server write without bound. The page sends one curve batch per second per run and retries a refused batch
 * with the next one, so a limited student loses nothing but time.
 */
import type { RateRule } from "./rate-limit";

const MINUTE_MS = 60_000;

export interface RateRules {
  signInPerIp: RateRule;
  signInPerAccount: RateRule;
  joinPerIp: RateRule;
  joinAccountPerIp: RateRule;
  joinAccountPerClassroom: RateRule;
  signUpPerIp: RateRule;
  runStartPerUser: RateRule;
  runBatchPerUser: RateRule;
  datasetUploadPerUser: RateRule;
  resetRequestPerIp: RateRule;
  resetRequestPerAccount: RateRule;
}

export const DEFAULT_RATE_RULES: RateRules = {
  /** Failed sign-ins from one address, any accounts: a class's typos, never a dictionary. */
  signInPerIp: { name: "signin-ip", limit: 100, windowMs: 15 * MINUTE_MS },
  /** Failed sign-ins for one account, from anywhere: 960 guesses a day at most, against 10,000 four-digit PINs. */
  signInPerAccount: { name: "signin-account", limit: 10, windowMs: 15 * MINUTE_MS },
  /** Failed code look-ups (unknown, expired): guessing codes is how strangers would find rooms. */
  joinPerIp: { name: "join-ip", limit: 30, windowMs: 15 * MINUTE_MS },
  /** Accounts created by joining, from one address: a class of 40 joining at once, plus retries. */
  joinAccountPerIp: { name: "join-account-ip", limit: 60, windowMs: 5 * MINUTE_MS },
  /** Accounts created by joining one classroom, from any address: a lecture hall fills in a few windows. */
  joinAccountPerClassroom: { name: "join-account-classroom", limit: 120, windowMs: 5 * MINUTE_MS },
  /** Every sign-up counts: nobody creates many teacher accounts legitimately. */
  signUpPerIp: { name: "signup-ip", limit: 20, windowMs: 60 * MINUTE_MS },
  /** New Playground runs: a run takes seconds at the least, so two a minute over an hour is already a lot. */
  runStartPerUser: { name: "run-start-user", limit: 120, windowMs: 60 * MINUTE_MS },
  /** Curve batches: one a second per run, so room for several tabs training at once. */
  runBatchPerUser: { name: "run-batch-user", limit: 300, windowMs: MINUTE_MS },
  /** Data uploads (each up to 512 KB, refused or not): a teacher fixing a file tries a few times, not hundreds. */
  datasetUploadPerUser: { name: "dataset-upload-user", limit: 30, windowMs: 60 * MINUTE_MS },
  /** "Forgot password?" from one address, any e-mails (every request counts): probing addresses stays slow. */
  resetRequestPerIp: { name: "reset-request-ip", limit: 20, windowMs: 60 * MINUTE_MS },
  /** Reset e-mails to one address: enough for a lost message or two, never a mailbox flood. */
  resetRequestPerAccount: { name: "reset-request-account", limit: 5, windowMs: 60 * MINUTE_MS },
};
