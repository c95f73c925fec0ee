-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Race" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classroomId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rulesJson" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'live',
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "pausedAt" DATETIME,
    "endedAt" DATETIME,
    "hiddenSeed" INTEGER NOT NULL,
    "revealedAt" DATETIME,
    "datasetId" TEXT,
    CONSTRAINT "Race_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Race" ("classroomId", "createdAt", "createdById", "datasetId", "endedAt", "endsAt", "hiddenSeed", "id", "name", "pausedAt", "revealedAt", "rulesJson", "startsAt", "status") SELECT "classroomId", "createdAt", "createdById", "datasetId", "endedAt", "endsAt", "hiddenSeed", "id", "name", "pausedAt", "revealedAt", "rulesJson", "startsAt", "status" FROM "Race";
DROP TABLE "Race";
ALTER TABLE "new_Race" RENAME TO "Race";
CREATE INDEX "Race_classroomId_createdAt_idx" ON "Race"("classroomId", "createdAt");
CREATE INDEX "Race_datasetId_idx" ON "Race"("datasetId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

