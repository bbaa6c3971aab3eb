-- Version 4: seal and signature images travel too. An image answer names a file beside the desk's
-- database (images/<sha256>.<ext>); its bytes go sealed into team.blobs like an attachment's, and
-- team.images finds them by a key only members can compute (an HMAC of the name under the team
-- key), so the server learns neither the image nor its plain hash.
CREATE TABLE team.images (
    key text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
    blob text NOT NULL REFERENCES team.blobs(sha256),
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE team.images ENABLE ROW LEVEL SECURITY;
ALTER TABLE team.images FORCE ROW LEVEL SECURITY;
CREATE POLICY images_read ON team.images FOR SELECT USING (true);
CREATE POLICY images_add ON team.images FOR INSERT WITH CHECK (team.writes() AND added_by = current_user);
GRANT SELECT ON team.images TO vd_lead, vd_consultant, vd_reviewer;
GRANT INSERT ON team.images TO vd_lead, vd_consultant;
