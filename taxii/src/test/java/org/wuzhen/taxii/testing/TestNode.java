package org.wuzhen.taxii.testing;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.User;
import org.wuzhen.taxii.Node;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.TaxiiConfig;
import org.wuzhen.taxii.Tokens;

/**
 * A real node for tests of every module: a {@link Node} on 127.0.0.1 over a real store, with the
 * parts a test gives it, and ways to seed members, users, tokens and collections straight into the
 * store. {@link #restart()} stops it and starts it again on the same port and data, with its parts
 * made anew, as an operator's restart would.
 */
public final class TestNode implements AutoCloseable {
  /** Every test user's password. */
  public static final String PASSWORD = "correct horse battery staple";

  /** Argon2id at the lowest cost, so tests log in quickly. */
  public static final PasswordHasher CHEAP = PasswordHasher.withCost(64, 1, 1);

  /** The key that signs TAXII paging cursors and status ids in tests. */
  public static final byte[] SIGNING_KEY =
      "wuzhen-test-signing-key-32-bytes!".getBytes(StandardCharsets.UTF_8);

  private final Builder settings;
  private final List<NodeExtension> parts = new ArrayList<>();
  private Node node;
  private int port;

  private TestNode(Builder settings) {
    this.settings = settings;
    this.port = settings.port;
  }

  /** A node on the embedded SQLite store in {@code directory}. */
  public static Builder sqlite(Path directory) {
    requireNonNull(directory, "directory");
    return new Builder(
        () -> Stores.open(new StoreConfig.Sqlite(directory)), Optional.of(directory));
  }

  /** A node on the store {@code open} opens (called again on each restart). */
  public static Builder on(Supplier<Store> open) {
    return new Builder(open, Optional.empty());
  }

  /** The TAXII settings of a test node: API root {@code api1}, pages of 50 (at most 100). */
  public static TaxiiConfig config(String title) {
    return TaxiiConfig.of(
            new TaxiiConfig.Discovery(title, Optional.empty(), Optional.empty()),
            List.of(TaxiiConfig.ApiRoot.of("api1", "Main")),
            SIGNING_KEY)
        .withPageSizes(50, 100);
  }

  private record Part(Function<Store, ? extends NodeExtension> make, boolean start) {
    Part {
      requireNonNull(make, "make");
    }
  }

  /** What a test node is made of; {@link #start()} runs it. */
  public static final class Builder {
    private final Supplier<Store> open;
    private final Optional<Path> directory;
    private final List<Part> parts = new ArrayList<>();
    private TaxiiConfig config = TestNode.config("test node");
    private int port;

    private Builder(Supplier<Store> open, Optional<Path> directory) {
      this.open = requireNonNull(open, "open");
      this.directory = directory;
    }

    /** TAXII settings other than {@link TestNode#config}; the address is always loopback. */
    public Builder config(TaxiiConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** A part made over the node's store, anew on each start. */
    public Builder with(Function<Store, ? extends NodeExtension> part) {
      parts.add(new Part(part, true));
      return this;
    }

    /** A part whose background work the test starts itself, if ever (it syncs by hand). */
    public Builder withoutStarting(Function<Store, ? extends NodeExtension> part) {
      parts.add(new Part(part, false));
      return this;
    }

    public TestNode start() {
      TestNode n = new TestNode(this);
      n.startNode();
      return n;
    }
  }

  private void startNode() {
    Store store = settings.open.get();
    parts.clear();
    Node.Builder b = Node.builder(settings.config.withAddress("127.0.0.1", port), store);
    try {
      for (Part make : settings.parts) {
        NodeExtension part = make.make().apply(store);
        parts.add(part);
        if (make.start()) {
          b.with(part);
        } else {
          b.withoutStarting(part);
        }
      }
    } catch (RuntimeException e) {
      b.discard();
      throw e;
    }
    node = b.start();
    port = node.port();
  }

  /** The node as started last. */
  public Node node() {
    return requireRunning();
  }

  public Store store() {
    return requireRunning().store();
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI uri() {
    return requireRunning().baseUri();
  }

  /** The test API root, {@code http://127.0.0.1:PORT/api1/}. */
  public URI apiRoot() {
    return uri().resolve("api1/");
  }

  /** The part of the given type, as made for the current run. */
  public <P extends NodeExtension> P part(Class<P> type) {
    requireRunning();
    return parts.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the node has no " + type.getSimpleName()));
  }

  /**
   * Stops the node (parts, server, store) as a shutdown would; {@link #restart()} starts it again.
   */
  public void stop() {
    if (node != null) {
      Node running = node;
      node = null;
      running.close();
    }
  }

  /** Starts again on the same port and data, its parts made anew. */
  public TestNode restart() {
    stop();
    startNode();
    return this;
  }

  @Override
  public void close() {
    stop();
  }

  private Node requireRunning() {
    if (node == null) {
      throw new IllegalStateException("the test node is stopped");
    }
    return node;
  }

  // ---- seeding, straight into the store ----

  /** Adds a member with a random identity; returns its identity id. */
  public String member(String name) {
    String identity = "identity--" + UUID.randomUUID();
    store().addMember(new Member(name, identity));
    return identity;
  }

  /** Adds a user of a member, with {@link #PASSWORD}. */
  public TestNode user(String name, String member) {
    store().addUser(new User(name, member, CHEAP.hash(PASSWORD), false));
    return this;
  }

  /** Adds a node administrator of a member, with {@link #PASSWORD}. */
  public TestNode admin(String name, String member) {
    store().addUser(new User(name, member, CHEAP.hash(PASSWORD), true));
    return this;
  }

  /** Creates an API token for a user; returns the secret to send as {@code Bearer}. */
  public String token(String user) {
    String token = Tokens.generate();
    store()
        .addToken(
            new ApiToken("t-" + UUID.randomUUID(), user, Tokens.hash(token), Instant.now(), false));
    return token;
  }

  /** Creates a collection that the given principals may read and write. */
  public CollectionId collection(String title, Principal... readersAndWriters) {
    CollectionId id = CollectionId.random();
    store()
        .createCollection(
            new CollectionInfo(id, title, Optional.empty(), Optional.empty(), List.of()));
    for (Principal p : readersAndWriters) {
      grant(id, p, true, true);
    }
    return id;
  }

  /** Sets what a principal may do on a collection. */
  public TestNode grant(CollectionId collection, Principal principal, boolean read, boolean write) {
    store().grant(new Permission(collection, principal, read, write));
    return this;
  }

  /** Runs SQL on the SQLite database file directly, behind the node's back. */
  public void sqlBehindTheBack(String sql) throws SQLException {
    Path dir =
        settings.directory.orElseThrow(
            () -> new IllegalStateException("sqlBehindTheBack needs a node on SQLite"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wuzhen.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
