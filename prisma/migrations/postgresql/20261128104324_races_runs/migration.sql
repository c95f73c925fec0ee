-- CreateTable
CREATE TABLE "Race" (
    "id" TEXT NOT NULL,
    "classroomId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rulesJson" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "hiddenSeed" INTEGER NOT NULL,
    "revealedAt" TIMESTAMP(3),
    "resultJson" TEXT,

    CONSTRAINT "Race_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
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
    "learningRate" DOUBLE PRECISION NOT NULL,
    "batchSize" INTEGER NOT NULL,
    "epochs" INTEGER NOT NULL,
    "datasetPreset" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "lastEpoch" INTEGER NOT NULL DEFAULT 0,
    "finalTrainLoss" DOUBLE PRECISION,
    "finalValLoss" DOUBLE PRECISION,
    "msPerEpoch" DOUBLE PRECISION,
    "backend" TEXT,
    "device" TEXT,
    "verifiedScore" DOUBLE PRECISION,
    "claimedLoss" DOUBLE PRECISION,
    "note" TEXT,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunCurveChunk" (
    "runId" TEXT NOT NULL,
    "startEpoch" INTEGER NOT NULL,
    "epochCount" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "RunCurveChunk_pkey" PRIMARY KEY ("runId","startEpoch")
);

-- CreateTable
CREATE TABLE "RunRollout" (
    "runId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "mse" DOUBLE PRECISION NOT NULL,
    "predicted" BYTEA NOT NULL,

    CONSTRAINT "RunRollout_pkey" PRIMARY KEY ("runId","epoch")
);

-- CreateTable
CREATE TABLE "RunTag" (
    "runId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "RunTag_pkey" PRIMARY KEY ("runId","tag")
);

-- CreateTable
CREATE TABLE "RunWeights" (
    "runId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunWeights_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" TEXT NOT NULL,
    "raceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "weights" BYTEA NOT NULL,
    "claimedMse" DOUBLE PRECISION,
    "publicScore" DOUBLE PRECISION NOT NULL,
    "privateScore" DOUBLE PRECISION NOT NULL,
    "rolloutScore" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Race" ADD CONSTRAINT "Race_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunCurveChunk" ADD CONSTRAINT "RunCurveChunk_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunRollout" ADD CONSTRAINT "RunRollout_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunTag" ADD CONSTRAINT "RunTag_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunWeights" ADD CONSTRAINT "RunWeights_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

