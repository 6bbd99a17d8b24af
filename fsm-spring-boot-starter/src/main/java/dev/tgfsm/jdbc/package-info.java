/**
 * The JDBC backend of the storage SPI: {@link JdbcFsmStorage} on PostgreSQL, MariaDB or MySQL,
 * SQLite and H2, with its schema scripts and their initializer.
 */
@NullMarked
package dev.tgfsm.jdbc;

import org.jspecify.annotations.NullMarked;
