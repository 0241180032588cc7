-- Who summoned a Summons booking (issue #9: DFDG gets the summoner's request metadata):
-- the caller's certificate identity (`cli:<os user>` from the CLI) and, when given, the request
-- user (the person acting, e.g. a caseworker's RID). Never a CPR. Empty for other channels and
-- for bookings made before this migration (DFDG then gets the planner's own system identity).
ALTER TABLE bookings ADD COLUMN summoned_by TEXT;
ALTER TABLE bookings ADD COLUMN summoned_by_user TEXT;
