-- Idempotency beyond the stock book's memory (issue 21). A stock grain remembers applied movement documents for
-- Stock:FinishedRetentionMinutes only; a document it no longer remembers is looked up here before it is applied, so a
-- movement (a receipt re-sent by an ERP next month, an order step re-run after a day) is applied at most once, ever.
-- Partial: only rows of document kinds (movements and order-step movements) are indexed, never the hold, confirm,
-- release, expiry and pick rows of the checkout path, so the reservation hot path pays no extra btree insert.
CREATE INDEX IF NOT EXISTS stock_ledger_document_idx ON stock_ledger (tenant_id, sku, store_id, reference_id)
    WHERE kind NOT IN ('Hold', 'Confirm', 'Release', 'Cancel', 'Expire', 'Pick', 'PickShort');
