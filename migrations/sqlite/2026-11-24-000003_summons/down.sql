DROP TABLE summons_items;
DROP TABLE summons_batches;
