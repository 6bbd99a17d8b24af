-- An application's own first migration, beside tgfsm's V1 (MigrationToolsContract).
CREATE TABLE ${app_prefix}app_table (id INT);
