DROP TABLE room_holds;
DROP TABLE offer_rooms;
DROP TABLE room_closures;
DROP TABLE rooms;
