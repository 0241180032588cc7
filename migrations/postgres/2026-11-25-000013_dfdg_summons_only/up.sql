-- DFDG registers summons only (docs/contract/adapters.md §8). The `dfdg` outbox recipient used to get a
-- delivery row for every booking event, which its sender then acknowledged without sending; its
-- settings now name the channel, and the fan-out skips events of other channels.
UPDATE webhook_recipients SET settings = '{"channels":["Summons"]}' WHERE kind = 'dfdg' AND settings = '{}';
