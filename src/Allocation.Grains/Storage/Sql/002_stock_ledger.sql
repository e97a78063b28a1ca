-- The stock ledger: one row per change to one SKU-store, written in group-committed batches by LedgerWriter.
-- Sequence numbers are dense per SKU-store; the primary key makes a second writer of the same SKU-store fail
-- instead of forking its history.
CREATE TABLE IF NOT EXISTS stock_ledger (
    tenant_id            text        NOT NULL,
    sku                  text        NOT NULL,
    store_id             text        NOT NULL,
    sequence             bigint      NOT NULL CHECK (sequence > 0),
    kind                 text        NOT NULL CHECK (kind IN ('Receipt', 'Count', 'Adjustment', 'Sale', 'SafetyStock',
                                                              'Hold', 'Confirm', 'Release', 'Cancel', 'Expire', 'Pick')),
    quantity             integer     NOT NULL,
    on_hand_before       integer     NOT NULL CHECK (on_hand_before >= 0),
    held_before          integer     NOT NULL CHECK (held_before >= 0),
    committed_before     integer     NOT NULL CHECK (committed_before >= 0),
    safety_stock_before  integer     NOT NULL CHECK (safety_stock_before >= 0),
    on_hand_after        integer     NOT NULL CHECK (on_hand_after >= 0),
    held_after           integer     NOT NULL CHECK (held_after >= 0),
    committed_after      integer     NOT NULL CHECK (committed_after >= 0),
    safety_stock_after   integer     NOT NULL CHECK (safety_stock_after >= 0),
    reference_id         text        NOT NULL,
    reason               text        NULL,
    ttl_seconds          integer     NOT NULL DEFAULT 0,
    expires_at           timestamptz NULL,
    occurred_at          timestamptz NOT NULL,
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stock_ledger_pk PRIMARY KEY (tenant_id, sku, store_id, sequence)
);

CREATE INDEX IF NOT EXISTS stock_ledger_reference_idx ON stock_ledger (tenant_id, reference_id);

-- Basket intents: written before the first line of a multi-line reservation is held and deleted once the basket
-- is settled, so a basket cut off half-way by a crash is found and finished or undone by recovery.
CREATE TABLE IF NOT EXISTS reservation_intents (
    tenant_id       text        NOT NULL,
    reservation_id  text        NOT NULL,
    lines           jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reservation_intents_pk PRIMARY KEY (tenant_id, reservation_id)
);
