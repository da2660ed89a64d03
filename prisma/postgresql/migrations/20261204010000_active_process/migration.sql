-- CreateTable
CREATE TABLE "active_process" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "process_id" TEXT NOT NULL,
    "http_url" TEXT,
    "amqp_url" TEXT,
    "backend_pid" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "active_process_pkey" PRIMARY KEY ("id")
);
