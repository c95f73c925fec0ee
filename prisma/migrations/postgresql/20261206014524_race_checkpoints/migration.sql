-- AlterTable
ALTER TABLE "Race" DROP COLUMN "resultJson";

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "checkpointAt" TIMESTAMP(3),
ADD COLUMN     "checkpointEpoch" INTEGER,
ADD COLUMN     "checkpointScore" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" TEXT NOT NULL,
    "raceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "epoch" INTEGER NOT NULL,
    "publicScore" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Checkpoint_raceId_createdAt_idx" ON "Checkpoint"("raceId", "createdAt");

-- CreateIndex
CREATE INDEX "Checkpoint_runId_createdAt_idx" ON "Checkpoint"("runId", "createdAt");

-- AddForeignKey
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_raceId_fkey" FOREIGN KEY ("raceId") REFERENCES "Race"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

