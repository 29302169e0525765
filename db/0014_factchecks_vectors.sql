-- Others' fact-checks (issue 13), kept apart from our own claims with where each came from, and
-- sentence vectors (derived data: rebuilt from text by `workbench vectors`, never audited per row).

CREATE TABLE factcheck_imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    items INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE factchecks (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES factcheck_imports (id),
    item_key TEXT NOT NULL UNIQUE,
    claim TEXT NOT NULL,
    title TEXT,
    rating TEXT,
    url TEXT,
    publisher TEXT,
    published TEXT,
    language TEXT
);

CREATE VIRTUAL TABLE factchecks_fts USING fts5 (
    claim, title, content = 'factchecks', content_rowid = 'id', tokenize = 'porter unicode61'
);

CREATE TRIGGER factchecks_ai AFTER INSERT ON factchecks BEGIN
    INSERT INTO factchecks_fts (rowid, claim, title) VALUES (new.id, new.claim, coalesce(new.title, ''));
END;

CREATE TABLE vectors (
    kind TEXT NOT NULL,          -- 'claim' or 'factcheck'
    item_id INTEGER NOT NULL,
    field TEXT NOT NULL,         -- 'text' (claims, fact-check claims) or 'title'
    model TEXT NOT NULL,
    text_sha1 TEXT NOT NULL,     -- of the encoded text: a changed text is encoded again
    vector BLOB NOT NULL,        -- workbench.text.encoder.to_blob: float32 scale + int8 codes
    PRIMARY KEY (kind, item_id, field)
) WITHOUT ROWID;
