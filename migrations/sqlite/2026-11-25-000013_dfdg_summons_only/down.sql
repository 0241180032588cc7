UPDATE webhook_recipients SET settings = '{}' WHERE kind = 'dfdg' AND settings = '{"channels":["Summons"]}';
