-- Grain records: the whole current value of a reservation (kind 'reservation', one item per owner) or of one pick
-- booking of a store (kind 'pick-booking', one item per booking), written in the same group-committed batches as the
-- stock ledger, so a reservation costs no transaction of its own. Status 'pending' marks work cut off half-way
-- (a basket being held, a confirm, a move) for recovery to find.
CREATE TABLE IF NOT EXISTS grain_records (
    kind        text        NOT NULL,
    owner_key   text        NOT NULL,
    item_key    text        NOT NULL,
    status      text        NULL,
    updated_at  timestamptz NOT NULL,
    payload     bytea       NOT NULL,
    CONSTRAINT grain_records_pk PRIMARY KEY (kind, owner_key, item_key)
);

CREATE INDEX IF NOT EXISTS grain_records_pending_idx ON grain_records (kind, updated_at) WHERE status = 'pending';

-- The ledger refuses gaps itself: every entry after the first of its SKU-store needs its predecessor. Checked at
-- commit (DEFERRABLE INITIALLY DEFERRED), since the next batch is written while the one holding the predecessor is
-- still committing; batches commit in order, so the predecessor is visible by then. NOT VALID keeps rows written
-- before this rule as they are; every new row is checked.
ALTER TABLE stock_ledger ADD COLUMN IF NOT EXISTS previous_sequence bigint
    GENERATED ALWAYS AS (CASE WHEN sequence > 1 THEN sequence - 1 END) STORED;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'stock_ledger_follows_previous') THEN
        ALTER TABLE stock_ledger ADD CONSTRAINT stock_ledger_follows_previous
            FOREIGN KEY (tenant_id, sku, store_id, previous_sequence)
            REFERENCES stock_ledger (tenant_id, sku, store_id, sequence)
            DEFERRABLE INITIALLY DEFERRED NOT VALID;
    END IF;
END $$;
