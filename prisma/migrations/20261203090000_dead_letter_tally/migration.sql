-- Ready dead letters of each queue counted by the reason, source queue and exchange of their newest x-death entry
-- (death_key: a JSON array of the three, each a string or null; '' for a message without such an entry), kept by
-- triggers in the same transaction as the messages themselves. After a restart every stored message is ready, so the
-- engine reads these few rows instead of every stored message (lib/engine/queue/dead-letter-tally.ts).
-- Only messages whose properties mention "x-death" touch it: other publishes pay one instr().
CREATE TABLE "dead_letter_tally" (
    "vhost" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "death_key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("vhost", "queue", "death_key")
);

CREATE TRIGGER "dead_letter_tally_insert" AFTER INSERT ON "messages"
WHEN instr(NEW."properties", '"x-death"') > 0
BEGIN
  INSERT INTO "dead_letter_tally" ("vhost", "queue", "death_key", "count")
  VALUES (NEW."vhost", NEW."queue", CASE WHEN json_type(NEW."properties", '$.headers."x-death"[0]') IN ('object', 'array') THEN json_array(
      CASE WHEN json_type(NEW."properties", '$.headers."x-death"[0].reason') = 'text' THEN json_extract(NEW."properties", '$.headers."x-death"[0].reason') END,
      CASE WHEN json_type(NEW."properties", '$.headers."x-death"[0].queue') = 'text' THEN json_extract(NEW."properties", '$.headers."x-death"[0].queue') END,
      CASE WHEN json_type(NEW."properties", '$.headers."x-death"[0].exchange') = 'text' THEN json_extract(NEW."properties", '$.headers."x-death"[0].exchange') END)
    ELSE '' END, 1)
  ON CONFLICT ("vhost", "queue", "death_key") DO UPDATE SET "count" = "count" + 1;
END;

-- A wholesale delete (purge, deleted queue or vhost) drops the queue's rows first: then no row pays for its key.
CREATE TRIGGER "dead_letter_tally_delete" AFTER DELETE ON "messages"
WHEN instr(OLD."properties", '"x-death"') > 0
  AND EXISTS (SELECT 1 FROM "dead_letter_tally" WHERE "vhost" = OLD."vhost" AND "queue" = OLD."queue")
BEGIN
  UPDATE "dead_letter_tally" SET "count" = "count" - 1
  WHERE "vhost" = OLD."vhost" AND "queue" = OLD."queue" AND "death_key" = CASE WHEN json_type(OLD."properties", '$.headers."x-death"[0]') IN ('object', 'array') THEN json_array(
      CASE WHEN json_type(OLD."properties", '$.headers."x-death"[0].reason') = 'text' THEN json_extract(OLD."properties", '$.headers."x-death"[0].reason') END,
      CASE WHEN json_type(OLD."properties", '$.headers."x-death"[0].queue') = 'text' THEN json_extract(OLD."properties", '$.headers."x-death"[0].queue') END,
      CASE WHEN json_type(OLD."properties", '$.headers."x-death"[0].exchange') = 'text' THEN json_extract(OLD."properties", '$.headers."x-death"[0].exchange') END)
    ELSE '' END;
  DELETE FROM "dead_letter_tally"
  WHERE "vhost" = OLD."vhost" AND "queue" = OLD."queue" AND "count" <= 0;
END;

-- The messages already stored, counted once.
INSERT INTO "dead_letter_tally" ("vhost", "queue", "death_key", "count")
SELECT "vhost", "queue", CASE WHEN json_type("properties", '$.headers."x-death"[0]') IN ('object', 'array') THEN json_array(
      CASE WHEN json_type("properties", '$.headers."x-death"[0].reason') = 'text' THEN json_extract("properties", '$.headers."x-death"[0].reason') END,
      CASE WHEN json_type("properties", '$.headers."x-death"[0].queue') = 'text' THEN json_extract("properties", '$.headers."x-death"[0].queue') END,
      CASE WHEN json_type("properties", '$.headers."x-death"[0].exchange') = 'text' THEN json_extract("properties", '$.headers."x-death"[0].exchange') END)
    ELSE '' END, COUNT(*)
FROM "messages" WHERE instr("properties", '"x-death"') > 0
GROUP BY 1, 2, 3;
