-- Articles from anywhere (issue 15): where a document came from on the web, its versions, PDF pages,
-- the reviewer's summary of a claim and its published review address, and the feeds being watched.

ALTER TABLE documents ADD COLUMN url TEXT;              -- the article's address: canonical, else final URL
ALTER TABLE documents ADD COLUMN fetched_url TEXT;      -- the URL asked for
ALTER TABLE documents ADD COLUMN final_url TEXT;        -- after redirects
ALTER TABLE documents ADD COLUMN fetched_sha256 TEXT;   -- SHA-256 of the bytes fetched (before extraction)
ALTER TABLE documents ADD COLUMN fetched_at TEXT;
ALTER TABLE documents ADD COLUMN language TEXT;
ALTER TABLE documents ADD COLUMN version_of INTEGER REFERENCES documents (id);  -- the earlier version
ALTER TABLE documents ADD COLUMN page_starts TEXT;      -- PDFs: JSON list, offset where each page starts
ALTER TABLE documents ADD COLUMN meta_sources TEXT;     -- JSON: field -> where its value came from
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX documents_url ON documents (url) WHERE url IS NOT NULL;

ALTER TABLE claims ADD COLUMN summary TEXT;             -- the claim as checked (ClaimReview claimReviewed)
ALTER TABLE claims ADD COLUMN review_url TEXT;          -- where the published review lives

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    last_polled_at TEXT,
    last_status TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id),
    guid TEXT NOT NULL,
    link TEXT,
    document_id INTEGER REFERENCES documents (id),
    status TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (feed_id, guid)
);
