-- The room an occupied time holds moves onto its occupancy row (issue 16): a booking that needs
-- a room is then one row, as one that needs none, instead of an occupancy row and a hold row.
-- The database still refuses two rows holding one room at overlapping times, by an exclusion
-- constraint over the rows that hold a room.
ALTER TABLE occupancy ADD COLUMN room_id TEXT REFERENCES rooms (id);

UPDATE occupancy o SET room_id = h.room_id FROM room_holds h WHERE h.occupancy_id = o.id;

DROP TABLE room_holds;

ALTER TABLE occupancy ADD CONSTRAINT occupancy_room_no_overlap
    EXCLUDE USING gist (room_id WITH =, tsrange(start_at, end_at, '[)') WITH &&)
    WHERE (room_id IS NOT NULL);
