package io.lakeml.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL started by the test itself (binaries from Maven Central), where every user but
 * the superuser must give a password, as on a real server: a test of credentials can then fail.
 */
public final class TestPostgres implements AutoCloseable {
  /** The login role tests read as. */
  public static final String USER = "lakeml";

  private static final String HBA =
      """
      local all all trust
      host all postgres 127.0.0.1/32 trust
      host all postgres ::1/128 trust
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;

  private TestPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server with the role {@link #USER} logging in with {@code password}. */
  public static TestPostgres start(String password) {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectoryCustomizer(
                  data -> {
                    try {
                      Files.writeString(data.toPath().resolve("pg_hba.conf"), HBA);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .start();
      TestPostgres server = new TestPostgres(postgres);
      server.sql("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDBC URL of the {@code postgres} database, without credentials. */
  public String url() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  /** Runs one statement as the superuser. */
  public void sql(String statement) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run " + statement, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
