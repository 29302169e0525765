-- Team workflow: every verdict is a proposal; editors approve or reject it; a claim's verdict is final
-- when the database's quorum is met. Approvals go stale when the claim's evidence or rationale changes.
-- Leases hand a claim to one reviewer for a while so two reviewers are not served the same claim.

CREATE TABLE judgements (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    reviewer TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('proposal', 'approval', 'rejection')),
    verdict TEXT,
    proposal_id INTEGER REFERENCES judgements (id),
    reason TEXT,
    created_at TEXT NOT NULL,
    stale_at TEXT,
    stale_reason TEXT,
    withdrawn_at TEXT
);
CREATE INDEX judgements_claim ON judgements (claim_id, kind);
CREATE INDEX judgements_reviewer ON judgements (reviewer, kind);

ALTER TABLE claims ADD COLUMN proposal_id INTEGER REFERENCES judgements (id);
ALTER TABLE claims ADD COLUMN final INTEGER NOT NULL DEFAULT 0;

CREATE TABLE leases (
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    reviewer TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, reviewer)
);
CREATE INDEX leases_expiry ON leases (expires_at);

INSERT OR IGNORE INTO meta (key, value) VALUES ('quorum', '1+1');
INSERT OR IGNORE INTO meta (key, value) VALUES ('overlap', '1');
