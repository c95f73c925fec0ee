-- AlterTable
ALTER TABLE "Race" ADD COLUMN "datasetId" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "datasetId" TEXT;

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "classroomId" TEXT,
    "name" TEXT NOT NULL,
    "values" BLOB NOT NULL,
    "length" INTEGER NOT NULL,
    "timesJson" TEXT,
    "valueColumn" TEXT,
    "timeColumn" TEXT,
    "scaling" TEXT NOT NULL,
    "fileName" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Dataset_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Dataset_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Dataset_classroomId_createdAt_idx" ON "Dataset"("classroomId", "createdAt");

-- CreateIndex
CREATE INDEX "Dataset_ownerId_classroomId_createdAt_idx" ON "Dataset"("ownerId", "classroomId", "createdAt");

-- CreateIndex
CREATE INDEX "Race_datasetId_idx" ON "Race"("datasetId");

-- CreateIndex
CREATE INDEX "Run_datasetId_idx" ON "Run"("datasetId");

