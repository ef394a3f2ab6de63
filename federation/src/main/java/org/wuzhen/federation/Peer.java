package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.FederationPeer;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;
import org.wuzhen.transparency.Ed25519Keys;

/**
 * One peer node (or any TAXII 2.1 server): where its API root is, how to log in, which of its
 * collections to pull into which local ones, and, for peers that read from this node, the local
 * member (and optionally user) they authenticate as and the local collections they may read.
 *
 * @param apiRoot the peer's API root URL, ending with {@code /}
 * @param pull the peer's collection id to the local collection its objects go into
 * @param read the local collections this peer may read (also the export policy applies)
 * @param member the local member whose users the peer logs in as; its reads are filtered
 * @param user narrows {@code member} to one of its users
 * @param pageSize the {@code limit} asked for per page
 * @param interval time between polls when nothing fails
 * @param logKey the peer's transparency log key when the config gives it; otherwise the key is
 *     pinned on first sight (docs/federation.md, "Tree heads")
 * @param trust the CAs the peer's TLS certificate may come from: the system's, or a CA file
 */
public record Peer(
    String name,
    URI apiRoot,
    Credentials credentials,
    Map<String, CollectionId> pull,
    Set<CollectionId> read,
    Optional<String> member,
    Optional<String> user,
    int pageSize,
    Duration interval,
    Optional<PublicKey> logKey,
    ServerTrust trust) {

  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "url",
          "user",
          "password",
          "token",
          "pull",
          "read",
          "member",
          "as_user",
          "page_size",
          "interval_ms",
          "log_key",
          "ca_file",
          "client_certificate",
          "client_key",
          "kind");

  public Peer {
    requireNonNull(name, "name");
    requireNonNull(apiRoot, "apiRoot");
    requireNonNull(credentials, "credentials");
    pull = Map.copyOf(pull);
    read = Set.copyOf(read);
    requireNonNull(member, "member");
    requireNonNull(user, "user");
    requireNonNull(interval, "interval");
    requireNonNull(logKey, "logKey");
    requireNonNull(trust, "trust");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("peer name '" + name + "' is not a-z, 0-9, _ . -");
    }
  }

  /** A peer trusted by the system's CAs. */
  public Peer(
      String name,
      URI apiRoot,
      Credentials credentials,
      Map<String, CollectionId> pull,
      Set<CollectionId> read,
      Optional<String> member,
      Optional<String> user,
      int pageSize,
      Duration interval,
      Optional<PublicKey> logKey) {
    this(
        name,
        apiRoot,
        credentials,
        pull,
        read,
        member,
        user,
        pageSize,
        interval,
        logKey,
        ServerTrust.system());
  }

  /** A peer whose log key is pinned on first sight. */
  public Peer(
      String name,
      URI apiRoot,
      Credentials credentials,
      Map<String, CollectionId> pull,
      Set<CollectionId> read,
      Optional<String> member,
      Optional<String> user,
      int pageSize,
      Duration interval) {
    this(
        name, apiRoot, credentials, pull, read, member, user, pageSize, interval, Optional.empty());
  }

  /**
   * Reads one peer's settings (an item of the config's {@code peers} list, or what {@code wuzhen
   * peer add} stored).
   *
   * @throws SettingException naming the first bad setting under {@code at}
   */
  public static Peer parse(JsonValue value, String at) {
    Settings s = Settings.of(value, at);
    s.allowOnly(KEYS);
    if (FederationSettings.kind(value, at)
        .filter(k -> !k.equals(FederationSettings.TAXII))
        .isPresent()) {
      throw new SettingException(s.name("kind"), "a TAXII peer's kind is taxii");
    }
    String name = s.required("name");
    if (!NAME.matcher(name).matches()) {
      throw new SettingException(
          s.name("name"), "'" + name + "' is not a peer name (a-z, 0-9, _ . -, at most 63)");
    }
    String url = s.required("url");
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || !uri.isAbsolute()
        || uri.getHost() == null
        || !List.of("http", "https").contains(uri.getScheme())
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new SettingException(s.name("url"), "not an absolute http(s) URL: '" + url + "'");
    }
    Credentials credentials;
    boolean https = uri.getScheme().equals("https");
    if (s.has("client_certificate") || s.has("client_key")) {
      if (s.has("token") || s.has("user") || s.has("password")) {
        throw new SettingException(
            s.name("client_certificate"),
            "give one way to log in: client_certificate and client_key, a token, or user and"
                + " password");
      }
      if (!https) {
        throw new SettingException(
            s.name("client_certificate"), "a client certificate needs an https url");
      }
      credentials =
          Credentials.clientCertificate(
              Path.of(s.required("client_certificate")), Path.of(s.required("client_key")));
    } else if (s.has("token")) {
      if (s.has("user") || s.has("password")) {
        throw new SettingException(s.name("token"), "give either token or user and password");
      }
      credentials = Credentials.bearer(s.required("token"));
    } else if (s.has("user") || s.has("password")) {
      String user = s.required("user");
      if (user.indexOf(':') >= 0) {
        throw new SettingException(s.name("user"), "HTTP Basic user names cannot hold ':'");
      }
      credentials = Credentials.basic(user, s.required("password"));
    } else {
      credentials = Credentials.none();
    }
    Map<String, CollectionId> pull = new LinkedHashMap<>();
    Optional<Settings> pullSettings = s.nested("pull");
    if (pullSettings.isPresent()) {
      for (String remote : pullSettings.get().values().names()) {
        String key = pullSettings.get().name(remote);
        if (!COLLECTION.matcher(remote).matches()) {
          throw new SettingException(key, "'" + remote + "' is not a collection id");
        }
        String local = pullSettings.get().required(remote);
        try {
          pull.put(remote, CollectionId.parse(local));
        } catch (IllegalArgumentException e) {
          throw new SettingException(key, e.getMessage());
        }
      }
    }
    Set<CollectionId> read = s.collections("read").orElse(Set.of());
    Optional<String> member = s.string("member").map(String::strip).filter(v -> !v.isEmpty());
    Optional<String> user = s.string("as_user").map(String::strip).filter(v -> !v.isEmpty());
    if (!read.isEmpty() && member.isEmpty() && user.isEmpty()) {
      throw new SettingException(
          s.name("member"), "needed with read: the local member the peer logs in as");
    }
    int pageSize = s.integer("page_size", 1, 100_000).orElse((long) DEFAULT_PAGE_SIZE).intValue();
    Duration interval =
        Duration.ofMillis(
            s.integer("interval_ms", 10, 86_400_000L).orElse(DEFAULT_INTERVAL.toMillis()));
    Optional<PublicKey> logKey = Optional.empty();
    Optional<String> logKeyText = s.string("log_key");
    if (logKeyText.isPresent()) {
      try {
        logKey = Optional.of(Ed25519Keys.parsePublic(logKeyText.get(), "log_key"));
      } catch (IllegalArgumentException e) {
        throw new SettingException(
            s.name("log_key"), "not a base64 Ed25519 public key (as GET /wuzhen/log/key/ gives)");
      }
    }
    ServerTrust trust = ServerTrust.system();
    if (s.has("ca_file")) {
      if (!https) {
        throw new SettingException(s.name("ca_file"), "a CA file needs an https url");
      }
      trust = ServerTrust.caFile(Path.of(s.required("ca_file")));
    }
    return new Peer(
        name, uri, credentials, pull, read, member, user, pageSize, interval, logKey, trust);
  }

  /** Reads a peer the store keeps. */
  public static Peer of(FederationPeer stored) {
    return parse(Json.parse(stored.settings()), "peer " + stored.name());
  }

  /** This peer's settings as the store keeps them, readable by {@link #parse}. */
  public FederationPeer toStored() {
    JsonObject.Builder b = JsonObject.builder().put("name", name).put("url", apiRoot.toString());
    switch (credentials) {
      case Credentials.None n -> {}
      case Credentials.Basic basic -> b.put("user", basic.user()).put("password", basic.password());
      case Credentials.Bearer bearer -> b.put("token", bearer.token());
      case Credentials.ClientCertificate c ->
          b.put("client_certificate", c.certificate().toString())
              .put("client_key", c.key().toString());
    }
    if (trust instanceof ServerTrust.CaFile ca) {
      b.put("ca_file", ca.file().toString());
    }
    JsonObject.Builder pulls = JsonObject.builder();
    pull.forEach((remote, local) -> pulls.put(remote, local.toString()));
    b.put("pull", pulls.build());
    b.put(
        "read",
        new org.wuzhen.stix.JsonArray(
            read.stream().map(c -> (JsonValue) new JsonString(c.toString())).toList()));
    member.ifPresent(m -> b.put("member", m));
    user.ifPresent(u -> b.put("as_user", u));
    b.put("page_size", pageSize);
    b.put("interval_ms", interval.toMillis());
    logKey.ifPresent(k -> b.put("log_key", Ed25519Keys.encodePublic(k)));
    return new FederationPeer(name, Json.write(b.build()));
  }

  /** Whether a caller of this node's TAXII API is this peer. */
  boolean isCaller(String callerUser, String callerMember) {
    if (user.isPresent()) {
      return user.get().equals(callerUser);
    }
    return member.isPresent() && member.get().equals(callerMember);
  }
}
