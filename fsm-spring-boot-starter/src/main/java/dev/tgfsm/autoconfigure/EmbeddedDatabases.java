package dev.tgfsm.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Tells whether a database runs inside the application (H2, SQLite, HSQLDB or Derby, in memory or in
 * a file) rather than on a server, judged by its JDBC URL.
 */
final class EmbeddedDatabases {

    private EmbeddedDatabases() {
    }

    static boolean isEmbedded(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return isEmbeddedUrl(connection.getMetaData().getURL());
        }
        catch (SQLException ex) {
            return false;
        }
    }

    static boolean isEmbeddedUrl(String url) {
        if (url == null) {
            return false;
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:");
        }
        if (u.startsWith("jdbc:sqlite:")) {
            return true;
        }
        if (u.startsWith("jdbc:hsqldb:")) {
            return u.startsWith("jdbc:hsqldb:mem:") || u.startsWith("jdbc:hsqldb:file:")
                    || u.startsWith("jdbc:hsqldb:res:");
        }
        if (u.startsWith("jdbc:derby:")) {
            return !u.startsWith("jdbc:derby://");
        }
        return false;
    }
}
