-- CreateIndex
CREATE INDEX "Run_status_kind_startedAt_idx" ON "Run"("status", "kind", "startedAt");

