DROP TABLE error_reports;
DROP TABLE callers;
