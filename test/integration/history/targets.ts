/** What the history suites share: both databases to run on, and a run small enough to train in a test. */
import { withOverrides } from "@/lib/ml/config";

export { DATABASE_TARGETS } from "../../support/database-targets";

export const TINY = withOverrides({ model: { cell: "GRU", hidden: 4 }, epochs: 20, rolloutEvery: 10 });

export const MINUTE = 60_000;
