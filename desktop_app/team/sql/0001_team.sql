-- Team schema, version 1. Run once by a lead (desktop_app/team/migrations.py), in one transaction,
-- as the NOLOGIN role vd_owner (membership granted for the migration only, then revoked), so no
-- login role owns a table and row-level security binds everyone. Rights come from three group roles: vd_lead (all clients), vd_consultant (own
-- clients), vd_reviewer (read only). Never edit a shipped file: add 0002_….sql.

CREATE FUNCTION team.is_lead() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, 'vd_lead', 'MEMBER') $$;
CREATE FUNCTION team.sees_all() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, 'vd_lead', 'MEMBER') OR pg_has_role(current_user, 'vd_reviewer', 'MEMBER') $$;
CREATE FUNCTION team.writes() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, 'vd_lead', 'MEMBER') OR pg_has_role(current_user, 'vd_consultant', 'MEMBER') $$;

-- Who is in the team. `name` is the PostgreSQL login role.
CREATE TABLE team.members (
    name text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('lead', 'consultant', 'reviewer')),
    display_name text NOT NULL DEFAULT '',
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- The team data key wrapped for each member (scrypt of the member's invite code + AES-GCM):
-- the server holds only wrapped keys, so it can open no sealed value.
CREATE TABLE team.member_keys (
    member text PRIMARY KEY REFERENCES team.members(name) ON DELETE CASCADE,
    key_id text NOT NULL,
    kdf jsonb NOT NULL,
    wrapped text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every shared record by its stable UUID. `owner` is the consultant who owns the client; an
-- application or attachment inherits the owner of its client (trigger below), so row-level
-- security needs one column.
CREATE TABLE team.records (
    uuid uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('client', 'application', 'attachment')),
    client uuid,
    parent uuid,
    owner text NOT NULL DEFAULT current_user,
    created_by text NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_client ON team.records(client);
CREATE INDEX records_owner ON team.records(owner);

-- The change log: one row per field change. `seq` is the pull cursor; pushes are serialised by
-- an advisory lock so sequence numbers commit in order and no reader skips one. `change_id` is
-- made by the desktop: pushing the same change twice inserts nothing (ON CONFLICT DO NOTHING).
CREATE TABLE team.changes (
    seq bigserial PRIMARY KEY,
    change_id uuid NOT NULL UNIQUE,
    record uuid NOT NULL REFERENCES team.records(uuid),
    path text NOT NULL,
    value text,                       -- canonical JSON; NULL = cleared; sensitive: {"$team": …}
    provenance text,                  -- typed, profile, computed, carried, imported, resolved
    base_seq bigint NOT NULL DEFAULT 0,   -- the field's server head the author had seen
    author text NOT NULL DEFAULT current_user,
    machine text NOT NULL,
    at timestamptz NOT NULL,          -- when it was made on the desktop
    received_at timestamptz NOT NULL DEFAULT now(),
    CHECK (value IS NULL OR value::jsonb IS NOT NULL)
);
CREATE INDEX changes_field ON team.changes(record, path, seq);

-- Check-out leases: one per application, with an expiry. Take-overs are logged.
CREATE TABLE team.leases (
    app uuid PRIMARY KEY REFERENCES team.records(uuid),
    holder text NOT NULL DEFAULT current_user,
    machine text NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE TABLE team.lease_log (
    id bigserial PRIMARY KEY,
    app uuid NOT NULL,
    event text NOT NULL CHECK (event IN ('take', 'renew', 'release', 'takeover')),
    who text NOT NULL DEFAULT current_user,
    machine text NOT NULL,
    previous_holder text,
    at timestamptz NOT NULL DEFAULT now()
);

-- Attachment contents, content-addressed: the key is the SHA-256 of the stored (sealed) bytes,
-- checked by the database itself; the same document is stored once whoever attached it.
CREATE TABLE team.blobs (
    sha256 text PRIMARY KEY CHECK (sha256 = encode(sha256(content), 'hex')),
    content bytea NOT NULL,
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- An application or attachment belongs to its client's owner (a lead may file one for a
-- consultant's client). The owner of each client is also kept in client_owners, a table without
-- row-level security that no member may read directly: SECURITY DEFINER functions (run as
-- vd_owner) look an owner up there, which a policy on records itself could not do.
CREATE TABLE team.client_owners (
    client uuid PRIMARY KEY,
    owner text NOT NULL
);
CREATE FUNCTION team.owner_of(client_uuid uuid) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$ SELECT owner FROM team.client_owners WHERE client = client_uuid $$;
CREATE FUNCTION team.set_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'client' AND NEW.client IS NOT NULL THEN
        NEW.owner := coalesce(team.owner_of(NEW.client), current_user);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER records_owner BEFORE INSERT ON team.records FOR EACH ROW EXECUTE FUNCTION team.set_owner();
CREATE FUNCTION team.remember_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO team.client_owners (client, owner) VALUES (NEW.uuid, NEW.owner)
    ON CONFLICT (client) DO UPDATE SET owner = excluded.owner;
    RETURN NULL;
END $$;
CREATE TRIGGER records_remember AFTER INSERT OR UPDATE OF owner ON team.records
    FOR EACH ROW WHEN (NEW.kind = 'client') EXECUTE FUNCTION team.remember_owner();

CREATE FUNCTION team.log_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO team.lease_log (app, event, machine) VALUES (NEW.app, 'take', NEW.machine);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO team.lease_log (app, event, machine, previous_holder)
        VALUES (NEW.app, CASE WHEN OLD.holder = NEW.holder THEN 'renew' ELSE 'takeover' END,
                NEW.machine, CASE WHEN OLD.holder = NEW.holder THEN NULL ELSE OLD.holder END);
    ELSE
        INSERT INTO team.lease_log (app, event, machine) VALUES (OLD.app, 'release', OLD.machine);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER leases_log AFTER INSERT OR UPDATE OR DELETE ON team.leases
    FOR EACH ROW EXECUTE FUNCTION team.log_lease();

-- The audit trail: who changed which answer when, from which machine, and whether the value
-- came from the client firm (a package returned by them arrives as provenance 'imported').
CREATE VIEW team.audit WITH (security_invoker = true) AS
SELECT c.seq, c.at, c.author, m.role AS author_role, c.machine, r.kind, c.record, r.client,
       c.path, c.provenance,
       CASE WHEN c.provenance = 'imported' THEN 'client firm' ELSE 'consultant' END AS written_by,
       c.received_at
FROM team.changes c JOIN team.records r ON r.uuid = c.record
LEFT JOIN team.members m ON m.name = c.author;

-- ---- Row-level security (enforced for the owner too) ---------------------------------------
ALTER TABLE team.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.members FORCE ROW LEVEL SECURITY;
CREATE POLICY members_read ON team.members FOR SELECT USING (true);
CREATE POLICY members_lead ON team.members FOR ALL USING (team.is_lead()) WITH CHECK (team.is_lead());

ALTER TABLE team.member_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.member_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY keys_own ON team.member_keys FOR SELECT USING (member = current_user OR team.is_lead());
CREATE POLICY keys_lead ON team.member_keys FOR ALL USING (team.is_lead()) WITH CHECK (team.is_lead());

ALTER TABLE team.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.records FORCE ROW LEVEL SECURITY;
CREATE POLICY records_read ON team.records FOR SELECT USING (owner = current_user OR team.sees_all());
CREATE POLICY records_add ON team.records FOR INSERT
    WITH CHECK (team.writes() AND (owner = current_user OR team.is_lead()));
CREATE POLICY records_move ON team.records FOR UPDATE USING (team.is_lead()) WITH CHECK (team.is_lead());

ALTER TABLE team.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.changes FORCE ROW LEVEL SECURITY;
CREATE POLICY changes_read ON team.changes FOR SELECT
    USING (EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = record));
CREATE POLICY changes_add ON team.changes FOR INSERT WITH CHECK (
    author = current_user AND team.writes()
    AND EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = record)
    AND NOT EXISTS (SELECT 1 FROM team.leases l
                    WHERE l.app = record AND l.holder <> current_user AND l.expires_at > now()));

ALTER TABLE team.leases ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.leases FORCE ROW LEVEL SECURITY;
CREATE POLICY leases_read ON team.leases FOR SELECT
    USING (EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = app));
CREATE POLICY leases_take ON team.leases FOR INSERT WITH CHECK (
    holder = current_user AND team.writes() AND EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = app));
CREATE POLICY leases_change ON team.leases FOR UPDATE
    USING (team.writes() AND EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = app))
    WITH CHECK (holder = current_user);
CREATE POLICY leases_release ON team.leases FOR DELETE USING (holder = current_user OR team.is_lead());

ALTER TABLE team.lease_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.lease_log FORCE ROW LEVEL SECURITY;
CREATE POLICY lease_log_read ON team.lease_log FOR SELECT
    USING (EXISTS (SELECT 1 FROM team.records r WHERE r.uuid = app));
CREATE POLICY lease_log_add ON team.lease_log FOR INSERT WITH CHECK (who = current_user);

ALTER TABLE team.blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.blobs FORCE ROW LEVEL SECURITY;
CREATE POLICY blobs_read ON team.blobs FOR SELECT USING (true);
CREATE POLICY blobs_add ON team.blobs FOR INSERT WITH CHECK (team.writes() AND added_by = current_user);

-- ---- Privileges: reviewers read, consultants and leads write; nobody deletes history -------
GRANT USAGE ON SCHEMA team TO vd_lead, vd_consultant, vd_reviewer;
GRANT SELECT ON ALL TABLES IN SCHEMA team TO vd_lead, vd_consultant, vd_reviewer;
REVOKE ALL ON team.client_owners FROM vd_lead, vd_consultant, vd_reviewer;
GRANT INSERT ON team.records, team.changes, team.blobs, team.lease_log TO vd_lead, vd_consultant;
GRANT INSERT, UPDATE, DELETE ON team.leases TO vd_lead, vd_consultant;
GRANT UPDATE (owner) ON team.records TO vd_lead;
GRANT INSERT, UPDATE, DELETE ON team.members, team.member_keys TO vd_lead;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA team TO vd_lead, vd_consultant;
