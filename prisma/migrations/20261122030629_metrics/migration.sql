-- CreateTable
CREATE TABLE "metric_rollups" (
    "entity" TEXT NOT NULL,
    "resolution_ms" INTEGER NOT NULL,
    "t" BIGINT NOT NULL,
    "publish" INTEGER NOT NULL,
    "deliver" INTEGER NOT NULL,
    "ack" INTEGER NOT NULL,
    "redeliver" INTEGER NOT NULL,
    "dead_letter" INTEGER NOT NULL,
    "ready" INTEGER NOT NULL,
    "unacked" INTEGER NOT NULL,
    "oldest_ready_age_ms" BIGINT NOT NULL,
    "deliver_latency" TEXT NOT NULL,
    "ack_latency" TEXT NOT NULL,

    PRIMARY KEY ("entity", "resolution_ms", "t")
);

-- CreateIndex
CREATE INDEX "metric_rollups_resolution_ms_t_idx" ON "metric_rollups"("resolution_ms", "t");
