DROP TABLE xpert_appointments;
DROP TABLE xpert_inbound;
DROP TABLE planlink_nonces;
DROP TABLE absence_mutations;
DROP TABLE absence_cases;
DROP TABLE absence_persons;
DROP TABLE sivi_messages;
