DROP TABLE summons_items;
DROP TABLE summons_batches;
DROP INDEX occupancy_counselor_end;
