DROP TABLE mail_messages;
DROP TABLE mail_senders;
