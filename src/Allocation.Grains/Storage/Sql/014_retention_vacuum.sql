-- Vacuum the churned tables as fast as they churn (issue 21). Every step of an order or a reservation rewrites its
-- grain_records row twice (pending, then its state), and none of these updates can be HOT: status and updated_at are
-- in grain_records_pending_idx. So each update leaves a dead row version and dead index entries, and the retention
-- sweep deletes a day of orders, reservations and events at once. With the server's defaults (vacuum after 20 % of the
-- table is dead, at most every autovacuum_naptime, throttled by the cost limit) the dead versions outnumbered the live
-- rows between vacuums (a soak run: 44,000 dead beside 27,000 live), and the table and its indexes grew to hold them
-- (docs/benchmarks.md §10). Here a vacuum starts after 1,000 dead rows plus 2 % of the table and runs unthrottled; it
-- only visits pages with dead rows (the visibility map skips the rest), so each pass costs what changed since the last.
ALTER TABLE grain_records SET (
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.05);

-- Events are only inserted and, past their retention, deleted from the oldest: a vacuum after each retention pass
-- lets the next day's inserts reuse the pages it freed instead of extending the table.
ALTER TABLE order_events SET (
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0);
