ALTER TABLE offers DROP COLUMN team_id;
DROP TABLE team_members;
DROP TABLE teams;
