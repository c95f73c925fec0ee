-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "paramsHash" TEXT,
ALTER COLUMN "publicScore" DROP NOT NULL,
ALTER COLUMN "privateScore" DROP NOT NULL,
ALTER COLUMN "rolloutScore" DROP NOT NULL;

