-- Store operations (issue 10). Units on a transfer to a SKU-store for an order are counted there as in transit: not on
-- hand, never sellable. New entry kinds: a short pick's shrink of a hold, transfers in and arrived, a handover.
ALTER TABLE stock_ledger ADD COLUMN IF NOT EXISTS in_transit_before integer NOT NULL DEFAULT 0 CHECK (in_transit_before >= 0);
ALTER TABLE stock_ledger ADD COLUMN IF NOT EXISTS in_transit_after  integer NOT NULL DEFAULT 0 CHECK (in_transit_after >= 0);

ALTER TABLE stock_ledger DROP CONSTRAINT IF EXISTS stock_ledger_kind_check;
ALTER TABLE stock_ledger ADD CONSTRAINT stock_ledger_kind_check CHECK (kind IN (
    'Receipt', 'Count', 'Adjustment', 'Sale', 'SafetyStock', 'Hold', 'Confirm', 'Release', 'Cancel', 'Expire', 'Pick',
    'PickShort', 'TransitIn', 'TransitArrive', 'Handover'));

-- The transactional outbox: customer-facing order events, inserted in the same group-committed transaction as the
-- order record whose transition they announce. sequence orders the feed; tx is the writing transaction, so a reader
-- only returns events of transactions older than every transaction still running (pg_snapshot_xmin): a sequence
-- drawn by a transaction that commits later (another silo's writer) can then never be skipped by a cursor.
CREATE TABLE IF NOT EXISTS order_events (
    sequence     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    order_id     text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    payload      text        NOT NULL,
    tx           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT order_events_event_uk UNIQUE (tenant_id, event_id)
);

CREATE INDEX IF NOT EXISTS order_events_tenant_idx ON order_events (tenant_id, sequence);
