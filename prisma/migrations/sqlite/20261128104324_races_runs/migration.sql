-- CreateTable
CREATE TABLE "Race" (
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
    "resultJson" TEXT,
    CONSTRAINT "Race_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "classroomId" TEXT,
    "raceId" TEXT,
    "kind" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "cell" TEXT NOT NULL,
    "nonlinearity" TEXT NOT NULL,
    "layers" INTEGER NOT NULL,
    "hidden" INTEGER NOT NULL,
    "optimizer" TEXT NOT NULL,
    "learningRate" REAL NOT NULL,
    "batchSize" INTEGER NOT NULL,
    "epochs" INTEGER NOT NULL,
    "datasetPreset" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "lastEpoch" INTEGER NOT NULL DEFAULT 0,
    "finalTrainLoss" REAL,
    "finalValLoss" REAL,
    "msPerEpoch" REAL,
    "backend" TEXT,
    "device" TEXT,
    "verifiedScore" REAL,
    "claimedLoss" REAL,
    "note" TEXT,
    CONSTRAINT "Run_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunCurveChunk" (
    "runId" TEXT NOT NULL,
    "startEpoch" INTEGER NOT NULL,
    "epochCount" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("runId", "startEpoch"),
    CONSTRAINT "RunCurveChunk_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunRollout" (
    "runId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "mse" REAL NOT NULL,
    "predicted" BLOB NOT NULL,

    PRIMARY KEY ("runId", "epoch"),
    CONSTRAINT "RunRollout_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunTag" (
    "runId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("runId", "tag"),
    CONSTRAINT "RunTag_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunWeights" (
    "runId" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "RunWeights_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "raceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "weights" BLOB NOT NULL,
    "claimedMse" REAL,
    "publicScore" REAL NOT NULL,
    "privateScore" REAL NOT NULL,
    "rolloutScore" REAL NOT NULL,
    CONSTRAINT "Submission_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Race_classroomId_createdAt_idx" ON "Race"("classroomId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_userId_startedAt_idx" ON "Run"("userId", "startedAt");

-- CreateIndex
CREATE INDEX "Run_userId_cell_startedAt_idx" ON "Run"("userId", "cell", "startedAt");

-- CreateIndex
CREATE INDEX "Run_userId_verifiedScore_idx" ON "Run"("userId", "verifiedScore");

-- CreateIndex
CREATE INDEX "Run_raceId_idx" ON "Run"("raceId");

-- CreateIndex
CREATE INDEX "Run_classroomId_startedAt_idx" ON "Run"("classroomId", "startedAt");

-- CreateIndex
CREATE INDEX "RunTag_tag_idx" ON "RunTag"("tag");

-- CreateIndex
CREATE INDEX "Submission_raceId_userId_createdAt_idx" ON "Submission"("raceId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_runId_idx" ON "Submission"("runId");

