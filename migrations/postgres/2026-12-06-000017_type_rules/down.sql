DROP TABLE interview_type_rules;
