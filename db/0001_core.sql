-- Core tables: settings, reviewers, documents with their junk spans, claims, and the audit trail.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reviewers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL DEFAULT 'reviewer' CHECK (role IN ('reviewer', 'editor', 'admin')),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    outlet TEXT,
    title TEXT,
    published TEXT,
    author TEXT,
    place TEXT,
    content_type TEXT NOT NULL DEFAULT 'text/plain',
    text TEXT NOT NULL,
    original TEXT,
    encoding TEXT,
    chars INTEGER NOT NULL,
    extractor TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    ingested_by TEXT NOT NULL
);
CREATE INDEX documents_outlet ON documents (outlet);

CREATE TABLE junk_spans (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX junk_spans_document ON junk_spans (document_id, start);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    score REAL NOT NULL DEFAULT 0,
    checkworthy INTEGER NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '[]',
    speaker TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    attribution_method TEXT,
    quantities TEXT NOT NULL DEFAULT '[]',
    dates TEXT NOT NULL DEFAULT '[]',
    names TEXT NOT NULL DEFAULT '[]',
    extractor TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'unreviewed',
    triage TEXT,
    verdict TEXT,
    rationale TEXT,
    flagged INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    updated_by TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (document_id, start, "end")
);
CREATE INDEX claims_queue ON claims (checkworthy, score DESC, id);
CREATE INDEX claims_document ON claims (document_id, start);
CREATE INDEX claims_status ON claims (status);
CREATE INDEX claims_verdict ON claims (verdict);
CREATE INDEX claims_speaker ON claims (speaker);

-- The audit trail: append-only, hash-chained. Each row's hash is SHA-256 over the previous row's
-- hash and the canonical JSON of this row (see workbench/store/audit.py).
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    claim_id INTEGER,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_claim ON events (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX events_entity ON events (entity, entity_id);
CREATE INDEX events_actor ON events (actor, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;

-- INSERT OR REPLACE deletes the old row without firing delete triggers unless recursive_triggers
-- is on, so refuse any insert that names an existing id.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: REPLACE refused');
END;
