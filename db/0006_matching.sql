-- Cross-outlet matching results (recomputed by `workbench match`, ids kept stable) and the reviewers'
-- decisions (merge/split stories, link/unlink names), which automatic matching always respects.

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    strength TEXT NOT NULL,
    outlets TEXT NOT NULL DEFAULT '[]',
    disagreements TEXT NOT NULL DEFAULT '[]',
    agreements TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
);

CREATE TABLE story_claims (
    claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
    story_id INTEGER NOT NULL REFERENCES stories (id)
);
CREATE INDEX story_claims_story ON story_claims (story_id);

CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    variants TEXT NOT NULL DEFAULT '[]',
    documents INTEGER NOT NULL,
    mentions INTEGER NOT NULL
);

CREATE TABLE speaker_links (
    id INTEGER PRIMARY KEY,
    speaker TEXT NOT NULL,
    claim_ids TEXT NOT NULL,
    outlets TEXT NOT NULL
);

CREATE TABLE match_decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'link', 'unlink')),
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
);
