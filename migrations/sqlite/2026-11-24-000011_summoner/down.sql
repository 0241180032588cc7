ALTER TABLE bookings DROP COLUMN summoned_by_user;
ALTER TABLE bookings DROP COLUMN summoned_by;
