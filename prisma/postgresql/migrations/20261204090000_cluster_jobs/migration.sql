-- CreateTable
CREATE TABLE "cluster_jobs" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "vhost" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cluster_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cluster_jobs_cluster_id_vhost_idx" ON "cluster_jobs"("cluster_id", "vhost");

-- AddForeignKey
ALTER TABLE "cluster_jobs" ADD CONSTRAINT "cluster_jobs_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

