package dev.tgfsm.jdbc;

/**
 * Statements that tell whether tgfsm's tables exist without reading a row.
 */
final class JdbcTables {

    private JdbcTables() {
    }

    /**
     * Returns a query that fails when the table does not exist and reads nothing when it does.
     *
     * @param table the table's full name
     * @return the query
     */
    static String probe(String table) {
        return "SELECT 1 FROM " + table + " WHERE 1 = 0";
    }

    /**
     * Returns one query that fails when any of the storage's tables is missing: the health check.
     *
     * @param prefix the table prefix
     * @return the query
     */
    static String probeAll(String prefix) {
        return String.join(" UNION ALL ", JdbcSchemaInitializer.TABLES.stream().map((t) -> probe(prefix + t)).toList());
    }
}
