-- AlterTable
ALTER TABLE "Race" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'live';

