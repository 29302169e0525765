-- Matching new claims against stored ones without recomputing (issue 5). A full run stores what later
-- claims are compared with: each document's setting places, each claim's event keys and text hash,
-- how many claims hold each word, and every name and speaker cluster (not only those seen in two
-- documents), so a later mention can join them.
-- `meta.match_through` (the highest claim id matched) is unset here, so the next run is a full one.

ALTER TABLE names ADD COLUMN document_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE names ADD COLUMN variant_counts TEXT NOT NULL DEFAULT '[]';
CREATE INDEX names_documents ON names (documents);

DROP TABLE speaker_links;
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    variants TEXT NOT NULL DEFAULT '[]',
    variant_counts TEXT NOT NULL DEFAULT '[]',
    document_ids TEXT NOT NULL DEFAULT '[]',
    documents INTEGER NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    outlets TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX speakers_documents ON speakers (documents);
CREATE TABLE speaker_claims (
    claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
    speaker_id INTEGER NOT NULL REFERENCES speakers (id)
);
CREATE INDEX speaker_claims_speaker ON speaker_claims (speaker_id);

CREATE TABLE match_documents (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    places TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE match_events (
    event TEXT NOT NULL,
    place TEXT NOT NULL,
    day INTEGER NOT NULL,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    PRIMARY KEY (event, place, day, claim_id)
) WITHOUT ROWID;
CREATE INDEX match_events_claim ON match_events (claim_id);

CREATE TABLE match_words (
    word TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE match_copies (
    text_hash INTEGER NOT NULL,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    PRIMARY KEY (text_hash, claim_id)
) WITHOUT ROWID;
CREATE INDEX match_copies_claim ON match_copies (claim_id);
