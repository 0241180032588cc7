DROP TABLE closing_customary_off;
DROP TABLE closing_days;
