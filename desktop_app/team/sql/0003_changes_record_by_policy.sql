-- Version 3: a change's record is checked by row-level security alone, not also by a foreign key.
-- The insert policy changes_add already requires the record to exist (EXISTS on team.records) and
-- no member may delete a record (no DELETE privilege on it), so the key's per-row trigger only
-- repeated that check; it was a fifth of the server's time in a first push.
ALTER TABLE team.changes DROP CONSTRAINT IF EXISTS changes_record_fkey;
