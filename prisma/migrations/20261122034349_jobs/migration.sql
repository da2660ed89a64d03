-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" BIGINT NOT NULL,
    "data" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "jobs_queue_started_at_idx" ON "jobs"("queue", "started_at");
