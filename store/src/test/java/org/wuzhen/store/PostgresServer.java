package org.wuzhen.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests, run from the Debian {@code postgresql} package's binaries:
 * initdb into a temporary directory, started on a free loopback port with fsync off, stopped when
 * closed or when the JVM exits. One server per test JVM ({@link #shared()}); each test class takes
 * a fresh database ({@link #createDatabase()}).
 *
 * <p>When the binaries are missing this fails, saying to install them: tests never skip silently.
 * Thread-safe.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String SUPERUSER = "postgres";
  private static PostgresServer shared;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asRoot;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean stopped;
  private boolean running = true;

  private PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asRoot = asRoot;
  }

  /** The server of this JVM, started on first use and stopped at JVM exit. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-test-server-stop"));
    }
    return shared;
  }

  /** Starts a new server; the caller closes it. */
  public static PostgresServer start() {
    Path bin = findBinaries();
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      // The free port can be taken between probing and binding; try another one then.
      try {
        return startOn(bin, freePort(), asRoot);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private static PostgresServer startOn(Path bin, int port, boolean asRoot) {
    Path dir;
    try {
      dir = Files.createTempDirectory("wuzhen-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      if (asRoot) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName(SUPERUSER));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a PostgreSQL data directory: " + e, e);
    }
    PostgresServer server = new PostgresServer(bin, dir, port, asRoot);
    try {
      server.run(
          "initdb",
          List.of(
              "-D",
              dir.resolve("data").toString(),
              "-U",
              SUPERUSER,
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-locale",
              "--no-sync"));
      server.startServer();
    } catch (IllegalStateException e) {
      server.deleteDirectory();
      throw e;
    }
    return server;
  }

  private void startServer() {
    run(
        "pg_ctl",
        List.of(
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-c listen_addresses=127.0.0.1 -p "
                + port
                + " -k "
                + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start"));
  }

  /** Stops the server as an outage would, keeping its data; {@link #resume()} starts it again. */
  public synchronized void stop() {
    running = false;
    run("pg_ctl", List.of("-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
  }

  /** Starts a server {@link #stop() stopped} before again, on the same port with the same data. */
  public synchronized void resume() {
    startServer();
    running = true;
  }

  /** The directory holding initdb, pg_ctl and the client programs (pg_dump, pg_restore). */
  public Path binaries() {
    return bin;
  }

  /** Creates a new empty database and returns a store configuration for it. */
  public StoreConfig.Postgres createDatabase() {
    String name = "wuzhen_test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e, e);
    }
    return new StoreConfig.Postgres(jdbcUrl(name), SUPERUSER, "", 4);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (running) {
        run("pg_ctl", List.of("-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
      }
    } finally {
      deleteDirectory();
    }
  }

  /** The directory holding initdb and pg_ctl, or a failure that says what to install. */
  static Path findBinaries() {
    List<Path> candidates = new ArrayList<>();
    pgConfigBindir().ifPresent(candidates::add);
    try (DirectoryStream<Path> versions =
        Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
      List<Path> found = new ArrayList<>();
      versions.forEach(v -> found.add(v.resolve("bin")));
      // Newest major version first.
      found.sort(
          Comparator.comparingInt(
                  (Path p) -> {
                    String v = p.getParent().getFileName().toString();
                    return v.matches("\\d+") ? Integer.parseInt(v) : -1;
                  })
              .reversed());
      candidates.addAll(found);
    } catch (IOException noDebianLayout) {
      // Only pg_config's answer remains.
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: looked in `pg_config --bindir` and"
            + " /usr/lib/postgresql/*/bin ("
            + candidates
            + "). The PostgreSQL store tests need a real server: run"
            + " `apt-get update && apt-get install -y postgresql` (Debian/Ubuntu) and test again.");
  }

  private static Optional<Path> pgConfigBindir() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
          ? Optional.of(Path.of(out))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e, e);
    }
  }

  /** Runs a PostgreSQL program (as user postgres when we are root, as initdb requires). */
  private void run(String program, List<String> arguments) {
    List<String> command = new ArrayList<>();
    if (asRoot) {
      command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(arguments);
    try {
      Path output = Files.createTempFile("wuzhen-pg-" + program, ".out");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command)
                  + " failed with exit code "
                  + p.exitValue()
                  + ":\n"
                  + Files.readString(output)
                  + serverLog());
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private void deleteDirectory() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp directory is harmless.
    }
  }
}
