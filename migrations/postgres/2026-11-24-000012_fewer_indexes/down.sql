DROP INDEX bookings_citizen_key;
CREATE INDEX bookings_citizen ON bookings (citizen_hash, start_at);
CREATE UNIQUE INDEX bookings_citizen_start ON bookings (citizen_hash, start_at) WHERE status = 'Booked';
CREATE INDEX occupancy_counselor ON occupancy (counselor_id, start_at);
