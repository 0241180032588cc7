-- Fewer indexes on the booking write path (issue #6: a bulk summons of 20,000 citizens took
-- 2.27 times as long as one of 10,000; every index costs each booking a B-tree insert, and
-- a 200-citizen chunk's dirty pages grew from 137 to 1,100 over a 20,000 batch).
--
-- 1. A citizen's bookings: the lookup index (citizen_hash, start_at) and the partial unique index
--    over Booked rows had the same key, and citizen hashes arrive in random order, so each booking
--    paid two random inserts. This one index serves the lookups by citizen (its first columns) and
--    keeps a citizen out of two Booked meetings that start at the same time: a Booked row's third
--    key is '', any other row's is its own id, so only Booked rows can collide.
DROP INDEX bookings_citizen_start;
DROP INDEX bookings_citizen;
CREATE UNIQUE INDEX bookings_citizen_key
    ON bookings (citizen_hash, start_at, (CASE WHEN status = 'Booked' THEN '' ELSE id END));

-- 2. A counselor's occupancy: no two rows of a counselor overlap (the exclusion constraint keeps it
--    so), so ordered by start and ordered by end are the same order and the index by end
--    (migration 000003) answers every question; the one by start goes.
DROP INDEX occupancy_counselor;
