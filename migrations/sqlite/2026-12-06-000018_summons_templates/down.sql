DROP TABLE summons_templates;
