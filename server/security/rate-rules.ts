/**
 * How many failed attempts we allow before refusing for a while. Per IP and per account, so one machine cannot
 * guess many accounts and many machines cannot guess one. Limits are high per IP because a whole class shares
 * the school's address; only failures count, so a class signing in at once is never refused.
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
  signUpPerIp: RateRule;
  runStartPerUser: RateRule;
  runBatchPerUser: RateRule;
  datasetUploadPerUser: RateRule;
}

export const DEFAULT_RATE_RULES: RateRules = {
  signInPerIp: { name: "signin-ip", limit: 50, windowMs: 15 * MINUTE_MS },
  signInPerAccount: { name: "signin-account", limit: 10, windowMs: 15 * MINUTE_MS },
  /** Failed code look-ups (unknown, expired): guessing codes is how strangers would find rooms. */
  joinPerIp: { name: "join-ip", limit: 30, windowMs: 15 * MINUTE_MS },
  /** Every sign-up counts: nobody creates many teacher accounts legitimately. */
  signUpPerIp: { name: "signup-ip", limit: 20, windowMs: 60 * MINUTE_MS },
  /** New Playground runs: a run takes seconds at the least, so two a minute over an hour is already a lot. */
  runStartPerUser: { name: "run-start-user", limit: 120, windowMs: 60 * MINUTE_MS },
  /** Curve batches: one a second per run, so room for several tabs training at once. */
  runBatchPerUser: { name: "run-batch-user", limit: 300, windowMs: MINUTE_MS },
  /** Data uploads (each up to 512 KB, refused or not): a teacher fixing a file tries a few times, not hundreds. */
  datasetUploadPerUser: { name: "dataset-upload-user", limit: 30, windowMs: 60 * MINUTE_MS },
};
