-- Virtual hosts: exchanges, queues and bindings are named within a vhost; messages and jobs belong to one.
-- Everything stored so far belongs to the default vhost '/'.
-- Exchanges, queues and bindings change their primary key, which SQLite can only do by copying the table.
-- Messages and jobs only gain a column: ALTER TABLE keeps them in place, so an upgrade copies no payloads and
-- sqlite_sequence keeps the largest seq ever stored (a copy would forget seqs whose messages are gone).

-- RedefineTables
CREATE TABLE "new_exchanges" (
    "vhost" TEXT NOT NULL DEFAULT '/',
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "durable" BOOLEAN NOT NULL,
    "auto_delete" BOOLEAN NOT NULL,
    "internal" BOOLEAN NOT NULL,
    "alternate_exchange" TEXT,
    "arguments" TEXT NOT NULL DEFAULT '{}',

    PRIMARY KEY ("vhost", "name")
);
INSERT INTO "new_exchanges" ("vhost", "name", "type", "durable", "auto_delete", "internal", "alternate_exchange", "arguments")
SELECT '/', "name", "type", "durable", "auto_delete", "internal", "alternate_exchange", "arguments" FROM "exchanges";
DROP TABLE "exchanges";
ALTER TABLE "new_exchanges" RENAME TO "exchanges";

CREATE TABLE "new_queues" (
    "vhost" TEXT NOT NULL DEFAULT '/',
    "name" TEXT NOT NULL,
    "durable" BOOLEAN NOT NULL,
    "auto_delete" BOOLEAN NOT NULL,
    "exclusive_owner" TEXT,
    "arguments" TEXT NOT NULL DEFAULT '{}',

    PRIMARY KEY ("vhost", "name")
);
INSERT INTO "new_queues" ("vhost", "name", "durable", "auto_delete", "exclusive_owner", "arguments")
SELECT '/', "name", "durable", "auto_delete", "exclusive_owner", "arguments" FROM "queues";
DROP TABLE "queues";
ALTER TABLE "new_queues" RENAME TO "queues";

DROP INDEX "bindings_source_idx";
DROP INDEX "bindings_destination_idx";
CREATE TABLE "new_bindings" (
    "vhost" TEXT NOT NULL DEFAULT '/',
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "destination_type" TEXT NOT NULL,
    "routing_key" TEXT NOT NULL,
    "arguments" TEXT NOT NULL DEFAULT '{}',

    PRIMARY KEY ("vhost", "id")
);
INSERT INTO "new_bindings" ("vhost", "id", "source", "destination", "destination_type", "routing_key", "arguments")
SELECT '/', "id", "source", "destination", "destination_type", "routing_key", "arguments" FROM "bindings";
DROP TABLE "bindings";
ALTER TABLE "new_bindings" RENAME TO "bindings";
CREATE INDEX "bindings_vhost_source_idx" ON "bindings"("vhost", "source");
CREATE INDEX "bindings_vhost_destination_idx" ON "bindings"("vhost", "destination");

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "vhost" TEXT NOT NULL DEFAULT '/';
DROP INDEX "messages_queue_priority_seq_idx";
CREATE INDEX "messages_vhost_queue_priority_seq_idx" ON "messages"("vhost", "queue", "priority", "seq");

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN "vhost" TEXT NOT NULL DEFAULT '/';
DROP INDEX "jobs_queue_started_at_idx";
CREATE INDEX "jobs_vhost_queue_started_at_idx" ON "jobs"("vhost", "queue", "started_at");
