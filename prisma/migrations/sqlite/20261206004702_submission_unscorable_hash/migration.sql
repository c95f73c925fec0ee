-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "raceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "weights" BLOB NOT NULL,
    "claimedMse" REAL,
    "publicScore" REAL,
    "privateScore" REAL,
    "rolloutScore" REAL,
    "paramsHash" TEXT,
    CONSTRAINT "Submission_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Submission" ("claimedMse", "createdAt", "id", "privateScore", "publicScore", "raceId", "rolloutScore", "runId", "userId", "weights") SELECT "claimedMse", "createdAt", "id", "privateScore", "publicScore", "raceId", "rolloutScore", "runId", "userId", "weights" FROM "Submission";
DROP TABLE "Submission";
ALTER TABLE "new_Submission" RENAME TO "Submission";
CREATE INDEX "Submission_raceId_userId_createdAt_idx" ON "Submission"("raceId", "userId", "createdAt");
CREATE INDEX "Submission_runId_idx" ON "Submission"("runId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

