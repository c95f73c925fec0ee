-- AlterTable
ALTER TABLE "Run" ADD COLUMN "checkpointAt" DATETIME;
ALTER TABLE "Run" ADD COLUMN "checkpointEpoch" INTEGER;
ALTER TABLE "Run" ADD COLUMN "checkpointScore" REAL;

-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "raceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "epoch" INTEGER NOT NULL,
    "publicScore" REAL NOT NULL,
    CONSTRAINT "Checkpoint_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Checkpoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Race" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classroomId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rulesJson" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "pausedAt" DATETIME,
    "endedAt" DATETIME,
    "hiddenSeed" INTEGER NOT NULL,
    "revealedAt" DATETIME,
    CONSTRAINT "Race_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Race" ("classroomId", "createdAt", "createdById", "endedAt", "endsAt", "hiddenSeed", "id", "name", "pausedAt", "revealedAt", "rulesJson", "startsAt", "status") SELECT "classroomId", "createdAt", "createdById", "endedAt", "endsAt", "hiddenSeed", "id", "name", "pausedAt", "revealedAt", "rulesJson", "startsAt", "status" FROM "Race";
DROP TABLE "Race";
ALTER TABLE "new_Race" RENAME TO "Race";
CREATE INDEX "Race_classroomId_createdAt_idx" ON "Race"("classroomId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Checkpoint_raceId_createdAt_idx" ON "Checkpoint"("raceId", "createdAt");

-- CreateIndex
CREATE INDEX "Checkpoint_runId_createdAt_idx" ON "Checkpoint"("runId", "createdAt");

