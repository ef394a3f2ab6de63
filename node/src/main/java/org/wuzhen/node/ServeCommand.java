package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.wuzhen.demo.DemoCommunity;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.stix.Json;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreException;
import org.wuzhen.taxii.Node;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wuzhen serve}: runs a node until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start a node: the TAXII 2.1 API on the embedded store (or PostgreSQL, per the config).",
      "Settings come from defaults, then --config, then WUZHEN_* environment variables (e.g.",
      "WUZHEN_SERVER_PORT), then these options. Stops gracefully on Ctrl-C or SIGTERM."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally",
      "2:bad configuration or usage, the port is taken, or the store cannot be opened"
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Optional<Path> config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: wuzhen-data).")
  Optional<Path> data;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port (default: 9443; 0 = any free port).")
  Optional<Integer> port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: 127.0.0.1).")
  Optional<String> host;

  @Option(
      names = "--demo",
      description = {
        "Start a demo community on the embedded store, on loopback only: three members with",
        "users and tokens, collections with different permissions, ATT&CK for ICS loaded. The",
        "credentials are printed and written to DATA/demo/demo-credentials.json. A previous",
        "demo's data is replaced; refused while another node serves from it."
      })
  boolean demo;

  /** Lets tests stop a running node; the command returns after it counts down. */
  CountDownLatch stop = new CountDownLatch(1);

  /** Set once the node listens; lets tests find the port. */
  volatile Node running;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NodeConfig config;
    try {
      config = loadConfig();
    } catch (ConfigException e) {
      err.println("wuzhen: " + e.getMessage());
      return ExitCodes.UNREADABLE;
    }
    Logging.configure(config.logLevel(), config.operations().logFormat());
    Path dataDirectory = config.dataDirectory();
    DataDirectoryLock lock;
    if (demo) {
      if (!isLoopback(config.host())) {
        err.println(
            "wuzhen: config server.host: the demo listens on loopback only, not '"
                + config.host()
                + "'");
        return ExitCodes.UNREADABLE;
      }
      dataDirectory = dataDirectory.resolve("demo");
      // Held from before the reset until the demo stops, so a second demo cannot empty this one.
      try {
        Optional<DataDirectoryLock> alone = DataDirectoryLock.servingAlone(dataDirectory);
        if (alone.isEmpty()) {
          err.println(
              "wuzhen: "
                  + dataDirectory
                  + " is in use by another node (a demo already running?); stop it or choose"
                  + " another --data");
          return ExitCodes.UNREADABLE;
        }
        lock = alone.get();
      } catch (IOException e) {
        err.println(
            "wuzhen: cannot lock the data directory " + dataDirectory + ": " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      try {
        DemoCommunity.resetDirectory(dataDirectory, DataDirectoryLock.FILE);
      } catch (IOException | IllegalStateException e) {
        lock.close();
        err.println(
            "wuzhen: cannot prepare the demo data directory "
                + dataDirectory
                + ": "
                + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      config = withDataAndSqlite(config, dataDirectory);
    } else {
      try {
        Optional<DataDirectoryLock> held = DataDirectoryLock.serving(dataDirectory);
        if (held.isEmpty()) {
          err.println(
              "wuzhen: "
                  + dataDirectory
                  + " is being restored (wuzhen restore holds its "
                  + DataDirectoryLock.FILE
                  + "); start the node when the restore has finished");
          return ExitCodes.UNREADABLE;
        }
        lock = held.get();
      } catch (IOException e) {
        err.println(
            "wuzhen: cannot lock the data directory " + dataDirectory + ": " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
    }
    Store store;
    try {
      Files.createDirectories(dataDirectory);
      store = NodeStores.open(config);
    } catch (StoreException | IOException | IllegalArgumentException e) {
      lock.close();
      err.println("wuzhen: cannot open the store: " + e.getMessage());
      return ExitCodes.UNREADABLE;
    }
    Node node;
    try {
      Optional<DemoCommunity.Created> community =
          demo
              ? Optional.of(
                  DemoCommunity.create(
                      store,
                      PasswordHasher.defaults(),
                      dataDirectory.resolve(DemoCommunity.KEY_DIRECTORY)))
              : Optional.empty();
      // What assembling says is printed after the console's URL: the first thing a person needs.
      java.io.StringWriter assembling = new java.io.StringWriter();
      node =
          NodeAssembly.start(
              config, this.config, store, community, new PrintWriter(assembling, true));
      String uri = node.baseUri().toString();
      String base = uri.substring(0, uri.length() - 1);
      if (ConfigLoader.console(this.config).enabled()) {
        out.println(
            "wuzhen: analysts' console at "
                + base
                + "/ui/"
                + (community.isPresent() ? " (log in as a demo user below)" : ""));
      }
      out.print(assembling);
      out.println(
          "wuzhen: serving TAXII 2.1 at "
              + base
              + "/taxii2/ (store: "
              + describe(config)
              + ", data: "
              + dataDirectory
              + ", "
              + describeTls(config)
              + ")");
      config
          .publicUrl()
          .ifPresent(url -> out.println("wuzhen: clients reach it at " + url + "taxii2/"));
      try {
        if (community.isPresent()) {
          printDemo(out, base, config, community.get(), dataDirectory);
        }
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
      out.flush();
      // Published last: whoever waits for the node may then also rely on demo-credentials.json.
      running = node;
    } catch (RuntimeException | IOException e) {
      store.close(); // idempotent: the node closed it already if it got that far
      lock.close();
      err.println("wuzhen: cannot start the node: " + rootMessage(e));
      return ExitCodes.UNREADABLE;
    }

    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
            },
            "wuzhen-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      node.close();
      lock.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already running hooks; nothing to remove.
      }
    }
    out.println("wuzhen: stopped");
    out.flush();
    return ExitCodes.OK;
  }

  private NodeConfig loadConfig() {
    Map<String, String> overrides = new LinkedHashMap<>();
    data.ifPresent(d -> overrides.put("node.data", d.toString()));
    port.ifPresent(p -> overrides.put("server.port", Integer.toString(p)));
    host.ifPresent(h -> overrides.put("server.host", h));
    return ConfigLoader.load(config, System.getenv(), overrides);
  }

  private static NodeConfig withDataAndSqlite(NodeConfig c, Path dataDirectory) {
    return new NodeConfig(
        dataDirectory,
        c.host(),
        c.port(),
        new NodeConfig.StoreSettings.Sqlite(),
        c.title(),
        c.description(),
        c.contact(),
        c.apiRoots(),
        c.defaultPageSize(),
        c.maxPageSize(),
        c.logLevel(),
        c.community(),
        c.publicUrl(),
        c.tls(),
        c.operations(),
        c.login());
  }

  private static void printDemo(
      PrintWriter out, String base, NodeConfig config, DemoCommunity.Created community, Path dir) {
    Path file = dir.resolve("demo-credentials.json");
    try {
      Files.writeString(
          file, Json.writePretty(DemoCommunity.credentialsJson(community.credentials())) + "\n");
      NodeSecrets.restrict(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    String root = base + "/" + config.apiRoots().getFirst().name() + "/";
    out.println();
    out.println("Demo community (loopback only). API root: " + root);
    out.println("Collections:");
    for (CollectionInfo c : community.collections()) {
      out.println("  " + c.id() + "  " + c.title() + c.alias().map(a -> " (" + a + ")").orElse(""));
    }
    out.println("Users (HTTP Basic user:password, or Authorization: Bearer TOKEN):");
    for (DemoCommunity.Credentials c : community.credentials()) {
      out.println(
          "  "
              + c.member()
              + ": user "
              + c.user()
              + ", password "
              + c.password()
              + ", token "
              + c.token()
              + ", signing key "
              + c.keyFile());
    }
    out.println("Credentials written to " + file);
    out.println(
        "Try: curl -u "
            + community.credentials().getFirst().user()
            + ":"
            + community.credentials().getFirst().password()
            + " -H 'Accept: application/taxii+json;version=2.1' "
            + root
            + "collections/");
    DemoCommunity.Credentials first = community.credentials().getFirst();
    String login = " --user " + first.user() + " --password " + first.password();
    out.println("     ./wuzhen proposals list --url " + base + "/" + login);
    DemoCommunity.Credentials third = community.credentials().getLast();
    out.println(
        "     ./wuzhen vote PROPOSAL yes --url "
            + base
            + "/ --user "
            + third.user()
            + " --password "
            + third.password()
            + " --key "
            + third.keyFile());
    community.collections().stream()
        .filter(c -> c.alias().filter("shared"::equals).isPresent())
        .findFirst()
        .ifPresent(
            shared ->
                out.println(
                    "     ./wuzhen detect --indicators "
                        + root
                        + "collections/"
                        + shared.id()
                        + "/"
                        + login
                        + " --format zeek-json LOG..."));
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1")
        || host.equals("localhost")
        || host.equals("::1")
        || host.startsWith("127.");
  }

  private static String describeTls(NodeConfig config) {
    return switch (config.tls()) {
      case TlsSettings.Native n ->
          "TLS 1.2/1.3" + (n.clients().isPresent() ? " with client certificates" : "");
      case TlsSettings.TerminatedByProxy p ->
          "plain HTTP: tls is off, a TLS-terminating proxy must be in front";
      case TlsSettings.LoopbackOnly l -> "plain HTTP on loopback";
    };
  }

  private static String describe(NodeConfig config) {
    return switch (config.store()) {
      case NodeConfig.StoreSettings.Sqlite s -> "sqlite";
      case NodeConfig.StoreSettings.Postgres p -> "postgresql " + p.jdbcUrl();
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }
}
