-- Run ONCE per server by its administrator (a superuser), before the lead's `team init`:
-- the four group roles of a voucher-desk team, and who may connect to the team database.
-- scripts/team-server.sh (desktop_app/team/localserver.py) runs it, then creates the database and
-- the first lead; a firm with its own PostgreSQL runs `psql -U postgres -f server_setup.sql`, then
-- the statements listed in docs/architecture.md (Team sync: setting up a server).
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vd_owner') THEN CREATE ROLE vd_owner NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vd_lead') THEN CREATE ROLE vd_lead NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vd_consultant') THEN CREATE ROLE vd_consultant NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vd_reviewer') THEN CREATE ROLE vd_reviewer NOLOGIN; END IF;
END $$;
