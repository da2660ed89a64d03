-- Users, vhosts, permissions, API keys and the audit log (RabbitMQ's access model).
-- The stored API tokens of the single-token era become API keys of the built-in user `admin`, with the same hash,
-- so every token in use keeps working; the environment token's placeholder rows ('env:' hashes) are dropped.
-- Console sessions hung from those credentials: they end, and their users log in again.

-- CreateTable
CREATE TABLE "users" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "password_hash" TEXT,
    "hashing_algorithm" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "vhosts" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "permissions" (
    "user" TEXT NOT NULL,
    "vhost" TEXT NOT NULL,
    "configure" TEXT NOT NULL,
    "write" TEXT NOT NULL,
    "read" TEXT NOT NULL,

    PRIMARY KEY ("user", "vhost")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "read_only" BOOLEAN NOT NULL DEFAULT false,
    "expires_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" BIGINT NOT NULL,
    "user" TEXT NOT NULL,
    "api_key" TEXT,
    "protocol" TEXT NOT NULL,
    "peer" TEXT NOT NULL,
    "vhost" TEXT,
    "action" TEXT NOT NULL,
    "resource" TEXT,
    "outcome" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "affected" INTEGER
);

-- The default vhost holds everything that exists today.
INSERT INTO "vhosts" ("name", "description") VALUES ('/', 'Default virtual host');

-- Stored tokens become API keys of admin (names made unique per user).
INSERT INTO "api_keys" ("id", "user", "name", "token_hash", "read_only", "created_at", "last_used_at")
SELECT "id", 'admin', "name" || ' (' || substr("id", 1, 8) || ')', "token_hash", false, "created_at", "last_used_at"
FROM "credentials" WHERE "token_hash" NOT LIKE 'env:%';

DROP INDEX "credentials_token_hash_key";
DROP TABLE "credentials";

-- Sessions are now a user's, not a credential's.
DROP INDEX "sessions_secret_hash_key";
DROP INDEX "sessions_credential_id_idx";
DROP TABLE "sessions";
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secret_hash" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "api_key_id" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "sessions_secret_hash_key" ON "sessions"("secret_hash");
CREATE INDEX "sessions_user_idx" ON "sessions"("user");

-- CreateIndex
CREATE INDEX "permissions_vhost_idx" ON "permissions"("vhost");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_token_hash_key" ON "api_keys"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_user_name_key" ON "api_keys"("user", "name");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_user_at_idx" ON "audit_events"("user", "at");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");
