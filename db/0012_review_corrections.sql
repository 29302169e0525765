-- Corrections by reviewers (issue 16). A claim's speaker or span corrected by a reviewer keeps the
-- extraction as first made here (written once, on the first correction), and each verdict records
-- the rating scale it was given under, so changing the scale orphans nothing.

CREATE TABLE claim_extractions (
    claim_id INTEGER PRIMARY KEY REFERENCES claims (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    attribution_method TEXT,
    kept_at TEXT NOT NULL
);

ALTER TABLE claims ADD COLUMN verdict_scale TEXT;

UPDATE claims SET verdict_scale = coalesce((SELECT value FROM meta WHERE key = 'rating_scale'), 'check')
WHERE verdict IS NOT NULL;
