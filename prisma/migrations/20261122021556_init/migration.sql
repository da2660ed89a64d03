-- CreateTable
CREATE TABLE "exchanges" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "durable" BOOLEAN NOT NULL,
    "auto_delete" BOOLEAN NOT NULL,
    "internal" BOOLEAN NOT NULL,
    "alternate_exchange" TEXT,
    "arguments" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "queues" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "durable" BOOLEAN NOT NULL,
    "auto_delete" BOOLEAN NOT NULL,
    "exclusive_owner" TEXT,
    "arguments" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "bindings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "destination_type" TEXT NOT NULL,
    "routing_key" TEXT NOT NULL,
    "arguments" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "messages" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "queue" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "message_id" TEXT NOT NULL,
    "exchange" TEXT NOT NULL,
    "routing_key" TEXT NOT NULL,
    "routing_keys" TEXT NOT NULL,
    "payload" BLOB NOT NULL,
    "properties" TEXT NOT NULL,
    "persistent" BOOLEAN NOT NULL,
    "published_at" BIGINT NOT NULL,
    "expires_at" BIGINT,
    "delivery_count" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "credentials" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secret_hash" TEXT NOT NULL,
    "credential_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "bindings_source_idx" ON "bindings"("source");

-- CreateIndex
CREATE INDEX "bindings_destination_idx" ON "bindings"("destination");

-- CreateIndex
CREATE INDEX "messages_queue_priority_seq_idx" ON "messages"("queue", "priority", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "credentials_token_hash_key" ON "credentials"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_secret_hash_key" ON "sessions"("secret_hash");

-- CreateIndex
CREATE INDEX "sessions_credential_id_idx" ON "sessions"("credential_id");
