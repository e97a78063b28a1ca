-- The write path (issue 17): less work per ledger row and per record.
-- No query looks ledger rows up by reference: the second index only cost a btree insert per row.
DROP INDEX IF EXISTS stock_ledger_reference_idx;

-- Key columns compare bytewise ("C"): every btree descent on them takes memcmp instead of the libc collation of the
-- cluster (C.UTF-8 under libc has no fast path on PostgreSQL 15). Keys are identifiers; nothing sorts them for people.
DO $$
BEGIN
    IF (SELECT collation_name FROM information_schema.columns
        WHERE table_name = 'stock_ledger' AND column_name = 'sku') IS DISTINCT FROM 'C' THEN
        ALTER TABLE stock_ledger
            ALTER COLUMN tenant_id TYPE text COLLATE "C",
            ALTER COLUMN sku TYPE text COLLATE "C",
            ALTER COLUMN store_id TYPE text COLLATE "C";
    END IF;

    IF (SELECT collation_name FROM information_schema.columns
        WHERE table_name = 'grain_records' AND column_name = 'owner_key') IS DISTINCT FROM 'C' THEN
        ALTER TABLE grain_records
            ALTER COLUMN kind TYPE text COLLATE "C",
            ALTER COLUMN owner_key TYPE text COLLATE "C",
            ALTER COLUMN item_key TYPE text COLLATE "C";
    END IF;
END $$;
