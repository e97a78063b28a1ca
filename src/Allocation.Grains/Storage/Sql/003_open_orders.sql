-- Paid reservations the solver allocated and whose picking may not have started: the candidates of batch
-- re-optimisation. Advisory: each reservation grain decides whether it can still move.
CREATE TABLE IF NOT EXISTS open_orders (
    tenant_id       text        NOT NULL,
    reservation_id  text        NOT NULL,
    confirmed_at    timestamptz NOT NULL,
    CONSTRAINT open_orders_pk PRIMARY KEY (tenant_id, reservation_id)
);
