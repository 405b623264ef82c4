"""The store's schema on PostgreSQL, release by release (each step kept as it was released).

Each learner is a database role, and row-level security decides what each one may read.
"""

from __future__ import annotations

#: What each person does in a cohort, and the group role (made below) that gives them their rights.
GROUPS = {
    "learner": "mentorkit_learner",
    "mentor": "mentorkit_mentor",
    "coordinator": "mentorkit_coordinator",
}

# The same release-1 shape on PostgreSQL: real types, and an owner that defaults to the
# role signed in, because on a cohort server each learner is a database role.
V1 = """
CREATE TABLE schema_version (version integer NOT NULL);
CREATE TABLE records (
    id text PRIMARY KEY,
    kind text NOT NULL,
    owner text NOT NULL DEFAULT current_user,
    created timestamptz NOT NULL,
    updated timestamptz NOT NULL,
    revision integer NOT NULL,
    tags jsonb NOT NULL DEFAULT '[]',
    deleted timestamptz,
    body jsonb NOT NULL
);
CREATE TABLE revisions (
    record_id text NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    revision integer NOT NULL,
    saved timestamptz NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (record_id, revision)
);
CREATE INDEX records_owner_kind ON records (owner, kind, created);
"""

# Release 2 on PostgreSQL: what SQLite gained, with a tsvector for search (no stemming and
# no accents, like FTS5's unicode61), plus what a cohort needs: an audience per record,
# fields kept apart by audience (`restricted`), partnerships, and row-level security, so
# the database itself decides what each learner's role may read.
V2 = """
ALTER TABLE records ADD COLUMN partnership text;
ALTER TABLE records ADD COLUMN links jsonb NOT NULL DEFAULT '[]';
ALTER TABLE records ADD COLUMN day date;
ALTER TABLE revisions ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
CREATE INDEX records_owner_day ON records (owner, day, created);
CREATE TABLE drafts (
    owner text NOT NULL DEFAULT current_user,
    key text NOT NULL,
    saved timestamptz NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (owner, key)
);
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION mentorkit (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION mentorkit
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
ALTER TABLE records ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX records_search ON records USING gin (search);

ALTER TABLE records ADD COLUMN audience text NOT NULL DEFAULT 'private';
ALTER TABLE records ADD COLUMN hours numeric;
CREATE INDEX records_partnership ON records (partnership);
CREATE TABLE partners (
    partnership text NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    member text NOT NULL,
    PRIMARY KEY (partnership, member)
);
CREATE INDEX partners_member ON partners (member, partnership);
CREATE TABLE restricted (
    record_id text NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    revision integer NOT NULL,
    audience text NOT NULL,
    owner text NOT NULL DEFAULT current_user,
    body jsonb NOT NULL,
    search tsvector NOT NULL,
    PRIMARY KEY (record_id, revision, audience)
);

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mentorkit_learner') THEN
        CREATE ROLE mentorkit_learner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mentorkit_mentor') THEN
        CREATE ROLE mentorkit_mentor NOLOGIN IN ROLE mentorkit_learner;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mentorkit_coordinator') THEN
        CREATE ROLE mentorkit_coordinator NOLOGIN IN ROLE mentorkit_learner;
    END IF;
END $$;

ALTER TABLE records ENABLE ROW LEVEL SECURITY;
-- A profile (audience 'cohort') is read by every learner, so mentees can choose a mentor.
CREATE POLICY records_read ON records FOR SELECT USING (
    owner = current_user OR audience = 'cohort' OR (audience = 'partner' AND EXISTS (
        SELECT 1 FROM partners p
        WHERE p.partnership = coalesce(records.partnership, records.id)
        AND p.member = current_user)));
CREATE POLICY records_add ON records FOR INSERT WITH CHECK (
    owner = current_user AND (partnership IS NULL OR EXISTS (
        SELECT 1 FROM partners p
        WHERE p.partnership = records.partnership AND p.member = current_user)));
CREATE POLICY records_change ON records FOR UPDATE
    USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY records_remove ON records FOR DELETE USING (owner = current_user);

ALTER TABLE revisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY revisions_read ON revisions FOR SELECT USING (
    EXISTS (SELECT 1 FROM records r WHERE r.id = revisions.record_id));
CREATE POLICY revisions_add ON revisions FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = revisions.record_id AND r.owner = current_user));
CREATE POLICY revisions_remove ON revisions FOR DELETE USING (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = revisions.record_id AND r.owner = current_user));

-- Partners may not see who else is in a partnership: that would need this table's
-- policy to read records, whose policy reads this table.
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
CREATE POLICY partners_read ON partners FOR SELECT USING (member = current_user);
CREATE POLICY partners_add ON partners FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = partners.partnership AND r.owner = current_user));
CREATE POLICY partners_remove ON partners FOR DELETE USING (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = partners.partnership AND r.owner = current_user));

ALTER TABLE restricted ENABLE ROW LEVEL SECURITY;
CREATE POLICY restricted_read ON restricted FOR SELECT USING (
    owner = current_user OR (audience = 'coordinator'
        AND pg_has_role(current_user, 'mentorkit_coordinator', 'MEMBER')));
CREATE POLICY restricted_add ON restricted FOR INSERT WITH CHECK (
    owner = current_user AND EXISTS (
        SELECT 1 FROM records r WHERE r.id = restricted.record_id AND r.owner = current_user));
CREATE POLICY restricted_remove ON restricted FOR DELETE USING (owner = current_user);

ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY drafts_own ON drafts
    USING (owner = current_user) WITH CHECK (owner = current_user);

-- What a coordinator sees of everyone: counts and hours, and the boxes written for them.
-- Views run as their owner, who is not held by the policies above.
CREATE VIEW cohort_activity AS
    SELECT owner, kind, count(*) AS records, coalesce(sum(hours), 0) AS hours,
           max(updated) AS last_saved
    FROM records WHERE deleted IS NULL GROUP BY owner, kind;
CREATE VIEW coordinator_notes AS
    SELECT s.record_id, s.owner, r.kind, r.updated, s.body
    FROM restricted s JOIN records r ON r.id = s.record_id AND r.revision = s.revision
    WHERE s.audience = 'coordinator' AND r.deleted IS NULL;

GRANT SELECT ON schema_version TO mentorkit_learner;
GRANT SELECT, INSERT, UPDATE, DELETE ON records, drafts TO mentorkit_learner;
GRANT SELECT, INSERT, DELETE ON revisions, restricted, partners TO mentorkit_learner;
GRANT SELECT ON cohort_activity, coordinator_notes TO mentorkit_coordinator;
"""


# The same on PostgreSQL. The function runs as the learner who edits, so the revisions
# table's policies hold for what it writes as they do for the learner's own statements.
V5 = """
CREATE FUNCTION records_keep_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO revisions (record_id, revision, saved, tags, body)
    VALUES (OLD.id, OLD.revision, OLD.updated, OLD.tags, OLD.body)
    ON CONFLICT (record_id, revision) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER records_keep_revision AFTER UPDATE OF revision ON records
    FOR EACH ROW WHEN (NEW.revision <> OLD.revision)
    EXECUTE FUNCTION records_keep_revision();
"""

# Release 6 (PostgreSQL only): what one member of a cohort could still do to the others.
# Each was an attack in tests/security/test_database.py. A record is filed in a partnership
# only by its members, and a proposal answered only by the mentor it names (its kind names,
# 'proposal' and 'proposal-response', are the records' own); an id once used is never given
# to another record, or whoever took an erased partnership's id would read what was left
# under it; a mentee lets only herself and her mentor into her proposal; coordinators read
# the boxes written for them through the views alone, as they stand, never older revisions.
#: What the database says when a record is saved under the id of one erased before.
ID_ERASED = "has been used before and cannot be used again"

_MEMBER = """(partnership IS NULL OR EXISTS (
        SELECT 1 FROM partners p
        WHERE p.partnership = records.partnership AND p.member = current_user))"""
_ANSWERS_AS_NAMED = """(kind <> 'proposal-response' OR (
        body->>'proposal' = partnership AND proposal_mentor(partnership) = current_user))"""

V6 = f"""
-- The functions below find tables in this schema only: a role's own temporary schema,
-- where anyone may make a table called records, is otherwise searched first.
SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);
ALTER FUNCTION records_keep_revision() SET search_path FROM CURRENT;
-- Earlier revisions are written by the database, as an edit replaces them: a learner who
-- could add any row there could give his record a version he never saved (a proposal
-- "accepted", or naming another mentor). A kernel of release 3 or before, still running
-- after an upgrade, copies the current revision there too: only that copy is let in.
ALTER FUNCTION records_keep_revision() SECURITY DEFINER;
DROP POLICY revisions_add ON revisions;
CREATE POLICY revisions_add ON revisions FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = revisions.record_id AND r.owner = current_user
            AND r.revision = revisions.revision AND r.body = revisions.body
            AND r.tags = revisions.tags));

-- Every id a record has had, kept when the record is erased. Claiming the id as the row
-- goes in (rather than checking a list of erased ones) leaves no moment between an erasure
-- and its commit in which the id looks free. Learners have no rights on it: only this
-- function, which runs as the tables' owner, writes it.
CREATE TABLE record_ids (id text PRIMARY KEY);
INSERT INTO record_ids SELECT id FROM records
    UNION SELECT partnership FROM records WHERE partnership IS NOT NULL;
CREATE FUNCTION records_claim_id() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO record_ids (id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the record id % {ID_ERASED}', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER records_claim_id BEFORE INSERT ON records
    FOR EACH ROW EXECUTE FUNCTION records_claim_id();

-- A record keeps its id and kind, and a proposal the mentor it names: the policies on
-- partners and on answers go by them.
CREATE FUNCTION records_keep_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a record keeps its id and its kind, and a proposal its mentor'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER records_keep_identity BEFORE UPDATE ON records FOR EACH ROW
    WHEN (NEW.id <> OLD.id OR NEW.kind <> OLD.kind OR (OLD.kind = 'proposal'
          AND NEW.body->'mentor' IS DISTINCT FROM OLD.body->'mentor'))
    EXECUTE FUNCTION records_keep_identity();

-- Who a proposal names as mentor, if the caller may read it. It runs as the caller (a
-- policy on records may not read records itself), so row-level security still holds.
CREATE FUNCTION proposal_mentor(text) RETURNS text LANGUAGE sql STABLE
    SET search_path FROM CURRENT
    AS $$ SELECT body->>'mentor' FROM records WHERE id = $1 AND kind = 'proposal' $$;

-- Moving a record into a partnership is checked as filing it there is. A record left in a
-- partnership that has since been erased stays its owner's to edit, trash and restore.
CREATE FUNCTION records_check_refiling() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.partnership IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM partners p
        WHERE p.partnership = NEW.partnership AND p.member = current_user) THEN
        RAISE EXCEPTION 'only members of a partnership can file records in it'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER records_check_refiling BEFORE UPDATE OF partnership ON records FOR EACH ROW
    WHEN (NEW.partnership IS DISTINCT FROM OLD.partnership)
    EXECUTE FUNCTION records_check_refiling();

DROP POLICY records_add ON records;
DROP POLICY records_change ON records;
CREATE POLICY records_add ON records FOR INSERT
    WITH CHECK (owner = current_user AND {_MEMBER} AND {_ANSWERS_AS_NAMED});
CREATE POLICY records_change ON records FOR UPDATE
    USING (owner = current_user) WITH CHECK (owner = current_user AND {_ANSWERS_AS_NAMED});

DROP POLICY partners_add ON partners;
CREATE POLICY partners_add ON partners FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM records r
            WHERE r.id = partners.partnership AND r.owner = current_user
            AND (r.kind <> 'proposal' OR partners.member IN (current_user, r.body->>'mentor'))));

DROP POLICY restricted_read ON restricted;
CREATE POLICY restricted_read ON restricted FOR SELECT USING (owner = current_user);
-- A function of the reader's own in a WHERE must not see rows the views leave out.
ALTER VIEW coordinator_notes SET (security_barrier = true);
ALTER VIEW cohort_activity SET (security_barrier = true);
"""


# Release 7: a goal is dated by the day it was set, no longer by its target date.
V7 = """
UPDATE records SET day = (created AT TIME ZONE 'UTC')::date WHERE kind = 'goal';
"""
