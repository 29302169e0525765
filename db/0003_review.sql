-- Reviewer notes on claims. A note is never deleted: undo marks it retracted.

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retracted_at TEXT,
    retracted_by TEXT
);
CREATE INDEX notes_claim ON notes (claim_id);
