DROP TABLE offer_competencies;
DROP TABLE counselor_competencies;
DROP TABLE counselor_settings;
