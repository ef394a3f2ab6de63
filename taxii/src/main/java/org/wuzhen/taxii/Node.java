package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.store.Store;

/**
 * A running node: its store, the TAXII server over it and the parts that extend the server ({@link
 * NodeExtension}). {@link Builder#start()} collects every part's filters, checks and routes, starts
 * the parts in the order they were added and then the server; {@link #close()} stops the server,
 * then the parts in reverse order, then closes the store, exactly once. A part that fails to start
 * stops everything started before it. Thread-safe.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Store store;
  private final TaxiiServer server;
  private final List<NodeExtension> parts;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Node(Store store, TaxiiServer server, List<NodeExtension> parts) {
    this.store = store;
    this.server = server;
    this.parts = List.copyOf(parts);
  }

  /** A node serving {@code config} over {@code store}; the node owns the store and closes it. */
  public static Builder builder(TaxiiConfig config, Store store) {
    return new Builder(config, store);
  }

  /** The node's store, open until {@link #close()}. */
  public Store store() {
    return store;
  }

  /** {@code http://host:port/}; discovery is at {@code taxii2/} below it. */
  public URI baseUri() {
    return server.baseUri();
  }

  /** The bound port (the real one when the configuration asked for 0). */
  public int port() {
    return server.port();
  }

  /** One route the node serves: TAXII's and every part's, as its routing table holds it. */
  public record ServedRoute(String method, String template, boolean authenticated) {
    public ServedRoute {
      requireNonNull(method, "method");
      requireNonNull(template, "template");
    }
  }

  /**
   * Every route the node serves, in the order they are tried: what a test that tries each route
   * with what must stay withheld enumerates, so a route added later is tried too.
   */
  public List<ServedRoute> routes() {
    return server.routes();
  }

  /**
   * Stops serving (requests in flight finish, up to ten seconds), then every part in reverse order,
   * then the store. Idempotent; a part that fails to stop is logged and the others still stop.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Runnable> steps = new ArrayList<>();
    steps.add(server::close);
    for (NodeExtension part : parts.reversed()) {
      steps.add(part::close);
    }
    steps.add(store::close);
    RuntimeException first = runAll(steps);
    if (first != null) {
      throw first;
    }
  }

  /** Runs every step even when one fails; returns the first failure (the others are logged). */
  private static RuntimeException runAll(List<Runnable> steps) {
    RuntimeException first = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          LOG.warn("while stopping the node: {}", e.getMessage(), e);
        }
      }
    }
    return first;
  }

  /** Collects the parts of a node; {@link #start()} runs it. Not thread-safe. */
  public static final class Builder {
    private final TaxiiConfig config;
    private final Store store;
    private final List<NodeExtension> parts = new ArrayList<>();
    private final List<NodeExtension> startedByCaller = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private boolean used;

    private Builder(TaxiiConfig config, Store store) {
      this.config = requireNonNull(config, "config");
      this.store = requireNonNull(store, "store");
    }

    /** Adds a part; parts extend the server and start in the order added. */
    public Builder with(NodeExtension part) {
      parts.add(requireNonNull(part, "part"));
      return this;
    }

    /**
     * Adds a part whose background work the caller starts itself, if ever (tests and benchmarks
     * that sync by hand); it extends the server and is closed with the node like any other.
     */
    public Builder withoutStarting(NodeExtension part) {
      with(part);
      startedByCaller.add(part);
      return this;
    }

    /** The clock of the TAXII server (status times, purges); the system clock by default. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Gives up on a node that will not be started: closes the parts added so far (in reverse order)
     * and the store. For the assembler whose own preparation failed; does nothing once {@link
     * #start()} was called.
     */
    public void discard() {
      if (used) {
        return;
      }
      used = true;
      List<Runnable> steps = new ArrayList<>();
      for (NodeExtension part : parts.reversed()) {
        steps.add(part::close);
      }
      steps.add(store::close);
      RuntimeException failure = runAll(steps);
      if (failure != null) {
        throw failure;
      }
    }

    /**
     * Starts every part, then the server.
     *
     * @throws RuntimeException from the part or server that could not start, after everything
     *     started before it (and the store) was closed
     */
    public Node start() {
      if (used) {
        throw new IllegalStateException("this node was already started or discarded");
      }
      used = true;
      TaxiiExtensions.Builder extensions = TaxiiExtensions.builder();
      List<NodeExtension> started = new ArrayList<>();
      try {
        for (NodeExtension part : parts) {
          part.extend(extensions);
        }
        for (NodeExtension part : parts) {
          started.add(part);
          if (startedByCaller.stream().noneMatch(p -> p == part)) {
            part.start();
          }
        }
        TaxiiServer server =
            new TaxiiServer(config, store, store, store, extensions.build(), clock).start();
        return new Node(store, server, parts);
      } catch (RuntimeException e) {
        List<Runnable> steps = new ArrayList<>();
        for (NodeExtension part : started.reversed()) {
          steps.add(part::close);
        }
        steps.add(store::close);
        RuntimeException stopping = runAll(steps);
        if (stopping != null) {
          e.addSuppressed(stopping);
        }
        throw e;
      }
    }
  }
}
