DROP TABLE dfdg_bookings;
DROP TABLE dfdg_messages;
