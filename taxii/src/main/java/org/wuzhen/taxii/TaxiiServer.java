package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.LogStore;
import org.wuzhen.store.ObjectStore;

/**
 * A TAXII 2.1 server over a store's objects and accounts: Jetty 12 with requests on virtual
 * threads, stateless between requests (so several processes can serve one database). {@link
 * #close()} stops accepting, lets running requests finish (up to {@link #STOP_TIMEOUT}) and does
 * not close the store.
 */
final class TaxiiServer implements AutoCloseable {
  /** How long {@link #close()} waits for requests in flight. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(TaxiiServer.class);
  private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

  private final TaxiiConfig config;
  private final ObjectStore store;
  private final Clock clock;
  private final Server server;
  private final ServerConnector connector;
  private final Optional<ServerTls> tls;
  private final TaxiiHandler handler;
  private final ScheduledExecutorService housekeeping;

  <S extends ObjectStore & AccountStore & LogStore> TaxiiServer(TaxiiConfig config, S store) {
    this(config, store, TaxiiExtensions.NONE);
  }

  /** A server with the filters, checks and routes that modules above TAXII add. */
  <S extends ObjectStore & AccountStore & LogStore> TaxiiServer(
      TaxiiConfig config, S store, TaxiiExtensions extensions) {
    this(config, store, store, store, extensions, Clock.systemUTC());
  }

  <S extends ObjectStore & AccountStore & LogStore> TaxiiServer(
      TaxiiConfig config, S store, Clock clock) {
    this(config, store, store, store, TaxiiExtensions.NONE, clock);
  }

  TaxiiServer(
      TaxiiConfig config,
      ObjectStore store,
      AccountStore accounts,
      LogStore log,
      TaxiiExtensions extensions,
      Clock clock) {
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("taxii");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Jetty builds a header-field cache per connection on its first request, sized by this setting;
    // at the default (1,024) that costs about 200 KB per connection, which with 10,000 keep-alive
    // clients put p99 at 391 ms and gigabytes of heap. 128 still caches the few headers TAXII
    // clients repeat: 10,000 paced clients p99 24 ms, 100 back-to-back clients no slower
    // (docs/benchmarks.md).
    http.setHeaderCacheSize(128);
    this.tls =
        config.tls() instanceof TlsSettings.Native settings
            ? Optional.of(new ServerTls(settings, clock))
            : Optional.empty();
    this.connector =
        tls.isPresent()
            ? new ServerConnector(server, ServerConnectors.tls(http, tls.get()))
            : new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setAcceptQueueSize(8192);
    server.addConnector(connector);
    server.setErrorHandler(new TaxiiErrorHandler());
    this.handler =
        new TaxiiHandler(
            config, store, new AccountCache(accounts, AccountCache.TTL), log, extensions, clock);
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("store", store::readinessProblem);
    checks.putAll(extensions.readinessChecks());
    Handler health = new HealthEndpoints(handler, new Readiness(checks));
    server.setHandler(new GracefulHandler(new ProtocolRefusals(health, tls.isPresent())));
    server.setStopTimeout(STOP_TIMEOUT.toMillis());
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("taxii-status-purge").unstarted(r));
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws IllegalStateException naming the address when the server cannot start
   */
  public TaxiiServer start() {
    ServerConnectors.requireTlsBeyondLoopback(config);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot serve TAXII on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
          e);
    }
    housekeeping.scheduleWithFixedDelay(
        this::purgeStatuses, 0, PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    if (tls.isPresent() && config.tls() instanceof TlsSettings.Native settings) {
      long every = settings.reloadInterval().toMillis();
      housekeeping.scheduleWithFixedDelay(
          this::reloadCertificate, every, every, TimeUnit.MILLISECONDS);
    }
    LOG.info("TAXII 2.1 serving {}", baseUri());
    if (config.tls() instanceof TlsSettings.TerminatedByProxy) {
      LOG.warn(
          "TLS is off (config tls: off): plain HTTP on {}:{}; a TLS-terminating proxy must be"
              + " the only way clients reach it",
          config.host(),
          port());
    }
    return this;
  }

  /** The bound port (the real one when the configuration asked for 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http(s)://host:port/}; discovery is at {@code taxii2/} below it. */
  public URI baseUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create((tls.isPresent() ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  /** Serves a renewed certificate once its files changed (checked every reload interval). */
  private void reloadCertificate() {
    try {
      if (tls.orElseThrow().reloadIfChanged()) {
        LOG.info("TLS certificate reloaded");
      }
    } catch (RuntimeException e) {
      LOG.warn("TLS certificate check failed; will retry", e);
    }
  }

  /** Every route the server answers, in the order they are tried. */
  List<Node.ServedRoute> routes() {
    return handler.routes();
  }

  /** Stops gracefully; idempotent. The store stays open. */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("TAXII server did not stop cleanly: " + e.getMessage(), e);
    }
  }

  /** TAXII keeps statuses at least 24 h [TC#32]; older ones are removed hourly. */
  private void purgeStatuses() {
    try {
      int purged = store.purgeStatuses(clock.instant().minus(config.statusRetention()));
      if (purged > 0) {
        LOG.info("purged {} status resources older than {}", purged, config.statusRetention());
      }
    } catch (RuntimeException e) {
      LOG.warn("status purge failed; will retry in {}", PURGE_INTERVAL, e);
    }
  }
}
