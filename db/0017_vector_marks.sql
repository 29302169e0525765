-- Vector marks (issue 13g): per encoder model and scope ('claims': every claim, 'reviewed': claims with
-- a verdict, 'factchecks': both texts of each imported fact-check), the highest id such that every row
-- of the scope with an id at or below it has a current vector of that model. "What still lacks a vector"
-- then looks only above the marks. A derived cache, never audited and never the source of truth: deleting
-- every row is always safe (the next fill scans everything once and raises them again).
--
-- The triggers below LOWER a mark when something at or below it may have lost its current vector, and
-- bump the row's epoch whenever anything may have changed under a fill running meanwhile; a fill raises a
-- mark only if its epoch is still the one it read before scanning (workbench/store/vector_marks.py).
-- `meta.reviewed_epoch` counts changes to which claims have a verdict (the `similar` index's key).

CREATE TABLE vector_marks (
    model TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('claims', 'reviewed', 'factchecks')),
    mark INTEGER NOT NULL DEFAULT 0,
    epoch INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model, scope)
) WITHOUT ROWID;

INSERT OR IGNORE INTO meta (key, value) VALUES ('reviewed_epoch', '0');

-- A claim's text changed: its vector is stale (any id: a fill may be scanning above the mark).
CREATE TRIGGER vector_marks_claim_text AFTER UPDATE OF id, text ON claims
WHEN new.text IS NOT old.text OR new.id != old.id BEGIN
    UPDATE vector_marks SET mark = min(mark, new.id - 1, old.id - 1), epoch = epoch + 1
    WHERE scope IN ('claims', 'reviewed');
END;

-- A claim inserted at or below a mark, or below the highest id (an id reused or given explicitly).
CREATE TRIGGER vector_marks_claim_insert AFTER INSERT ON claims BEGIN
    UPDATE vector_marks SET mark = min(mark, new.id - 1), epoch = epoch + 1
    WHERE scope IN ('claims', 'reviewed') AND (mark >= new.id OR new.id < (SELECT max(id) FROM claims));
    UPDATE meta SET value = CAST(value AS INTEGER) + 1
    WHERE key = 'reviewed_epoch' AND new.verdict IS NOT NULL;
END;

-- A deleted claim frees its id for the next insert: a fill that read the highest id must not cover it.
CREATE TRIGGER vector_marks_claim_delete AFTER DELETE ON claims BEGIN
    UPDATE vector_marks SET epoch = epoch + 1 WHERE scope IN ('claims', 'reviewed');
    UPDATE meta SET value = CAST(value AS INTEGER) + 1
    WHERE key = 'reviewed_epoch' AND old.verdict IS NOT NULL;
END;

-- A claim newly reviewed (its first verdict) joins the reviewed set, maybe without a vector.
CREATE TRIGGER vector_marks_claim_verdict AFTER UPDATE OF verdict ON claims
WHEN (old.verdict IS NULL) != (new.verdict IS NULL) BEGIN
    UPDATE vector_marks SET mark = min(mark, new.id - 1), epoch = epoch + 1
    WHERE scope = 'reviewed' AND new.verdict IS NOT NULL;
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'reviewed_epoch';
END;

CREATE TRIGGER vector_marks_factcheck_insert AFTER INSERT ON factchecks BEGIN
    UPDATE vector_marks SET mark = min(mark, new.id - 1), epoch = epoch + 1
    WHERE scope = 'factchecks' AND (mark >= new.id OR new.id < (SELECT max(id) FROM factchecks));
END;

CREATE TRIGGER vector_marks_factcheck_text AFTER UPDATE OF id, claim, title ON factchecks
WHEN new.claim IS NOT old.claim OR new.title IS NOT old.title OR new.id != old.id BEGIN
    UPDATE vector_marks SET mark = min(mark, new.id - 1, old.id - 1), epoch = epoch + 1
    WHERE scope = 'factchecks';
END;

CREATE TRIGGER vector_marks_factcheck_delete AFTER DELETE ON factchecks BEGIN
    UPDATE vector_marks SET epoch = epoch + 1 WHERE scope = 'factchecks';
END;

-- A vector written at or below a mark (a raw store, or another model's replacing ours), or by another
-- model than a mark's at all (two models filling at once): that mark no longer vouches for the row.
-- `store_vectors` writes by upsert (an UPDATE of a stale row): sqlite-utils turns recursive_triggers on,
-- under which INSERT OR REPLACE fires the DELETE trigger below and would lower the marks every time.
CREATE TRIGGER vector_marks_vector_insert AFTER INSERT ON vectors BEGIN
    UPDATE vector_marks SET mark = min(mark, new.item_id - 1), epoch = epoch + 1
    WHERE (scope = 'factchecks') = (new.kind != 'claim') AND (mark >= new.item_id OR model != new.model);
END;

CREATE TRIGGER vector_marks_vector_update AFTER UPDATE ON vectors BEGIN
    UPDATE vector_marks SET mark = min(mark, new.item_id - 1, old.item_id - 1), epoch = epoch + 1
    WHERE ((scope = 'factchecks') = (new.kind != 'claim') OR (scope = 'factchecks') = (old.kind != 'claim'))
    AND (mark >= min(new.item_id, old.item_id) OR model != new.model OR new.item_id != old.item_id
         OR new.kind != old.kind);
END;

CREATE TRIGGER vector_marks_vector_delete AFTER DELETE ON vectors BEGIN
    UPDATE vector_marks SET mark = min(mark, old.item_id - 1), epoch = epoch + 1
    WHERE (scope = 'factchecks') = (old.kind != 'claim');
END;
