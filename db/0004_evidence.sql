-- The evidence ledger: links (or local files) supporting or refuting a claim, with what the page said
-- when it was consulted. Removal is a soft delete recorded in the audit trail.

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    url TEXT NOT NULL,
    stance TEXT NOT NULL DEFAULT 'context' CHECK (stance IN ('supports', 'refutes', 'context')),
    quote TEXT,
    note TEXT,
    status TEXT NOT NULL DEFAULT 'not checked',
    http_status INTEGER,
    final_url TEXT,
    title TEXT,
    content_type TEXT,
    byte_size INTEGER,
    sha256 TEXT,
    main_text TEXT,
    quote_found INTEGER,
    archive_url TEXT,
    archive_ts TEXT,
    domain TEXT,
    fetched_at TEXT,
    error TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evidence_claim ON evidence (claim_id);
CREATE INDEX evidence_domain ON evidence (domain);
