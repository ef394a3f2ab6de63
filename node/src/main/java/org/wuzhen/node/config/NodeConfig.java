package org.wuzhen.node.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.taxii.LoginLimits;
import org.wuzhen.taxii.TlsSettings;

/**
 * Everything a node needs to start, checked: a value of this type cannot hold an invalid setting.
 * Built by {@link ConfigLoader} from defaults, the config file, environment variables and command
 * line options, in that order of precedence (later wins).
 */
public record NodeConfig(
    Path dataDirectory,
    String host,
    int port,
    StoreSettings store,
    String title,
    Optional<String> description,
    Optional<String> contact,
    List<ApiRoot> apiRoots,
    int defaultPageSize,
    int maxPageSize,
    String logLevel,
    Optional<CommunitySettings> community,
    Optional<URI> publicUrl,
    TlsSettings tls,
    Operations operations,
    LoginLimits login) {

  public NodeConfig {
    requireNonNull(dataDirectory, "dataDirectory");
    requireNonNull(host, "host");
    requireNonNull(store, "store");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(contact, "contact");
    apiRoots = List.copyOf(apiRoots);
    requireNonNull(logLevel, "logLevel");
    requireNonNull(community, "community");
    requireNonNull(publicUrl, "publicUrl");
    requireNonNull(tls, "tls");
    requireNonNull(operations, "operations");
    requireNonNull(login, "login");
  }

  /** This config with another TLS section. */
  public NodeConfig withTls(TlsSettings section) {
    return new NodeConfig(
        dataDirectory,
        host,
        port,
        store,
        title,
        description,
        contact,
        apiRoots,
        defaultPageSize,
        maxPageSize,
        logLevel,
        community,
        publicUrl,
        section,
        operations,
        login);
  }

  /** This config with a community section. */
  public NodeConfig withCommunity(Optional<CommunitySettings> section) {
    return new NodeConfig(
        dataDirectory,
        host,
        port,
        store,
        title,
        description,
        contact,
        apiRoots,
        defaultPageSize,
        maxPageSize,
        logLevel,
        section,
        publicUrl,
        tls,
        operations,
        login);
  }

  /** What the people who run the node set for running it: how it logs. */
  public record Operations(LogFormat logFormat) {
    public Operations {
      requireNonNull(logFormat, "logFormat");
    }
  }

  /** {@code log.format}: the lines a node writes on stderr. */
  public enum LogFormat {
    /** One logfmt line per event (time=... level=... msg="..."), for people. */
    TEXT,
    /** One JSON object per line (logback's JsonEncoder field names), for log collectors. */
    JSON
  }

  /** Where objects live. */
  public sealed interface StoreSettings {
    /** The embedded default: a SQLite database in the data directory. */
    record Sqlite() implements StoreSettings {}

    /** PostgreSQL 15+ for production. */
    record Postgres(String jdbcUrl, String user, String password, int poolSize)
        implements StoreSettings {
      public Postgres {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
      }

      @Override
      public String toString() {
        return "Postgres[" + jdbcUrl + ", user=" + user + ", pool=" + poolSize + "]";
      }
    }
  }

  /** One TAXII API root served at {@code /NAME/}. */
  public record ApiRoot(
      String name, String title, Optional<String> description, long maxContentLength) {
    public ApiRoot {
      requireNonNull(name, "name");
      requireNonNull(title, "title");
      requireNonNull(description, "description");
    }
  }
}
