package org.wuzhen.node;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.Decision;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.federation.SettingException;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.misp.FeedPolicy;
import org.wuzhen.misp.MispFeed;
import org.wuzhen.misp.MispFeedPull;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.node.config.NodeConfig;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.FederationPeer;
import org.wuzhen.store.PeerFlag;
import org.wuzhen.store.Store;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.transparency.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wuzhen peer add|list|remove|status} and {@code wuzhen policy explain}: peers live in the
 * store, so these commands and a running node share them (a running node picks changes up within a
 * second).
 */
final class FederationCommands {
  private FederationCommands() {}

  @Command(
      name = "peer",
      mixinStandardHelpOptions = true,
      description = "Manage federation peers (other nodes or TAXII 2.1 servers).",
      subcommands = {PeerAdd.class, PeerList.class, PeerRemove.class, PeerStatusCommand.class})
  static final class PeerCommand {}

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a peer, or replace the peer of that name. Credentials come from environment",
        "variables so they stay out of shell history."
      })
  static final class PeerAdd extends AdminCommands.AdminAction {
    @Parameters(index = "0", paramLabel = "NAME", description = "Short unique name, e.g. node-b.")
    String name;

    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The peer's TAXII API root URL.")
    String url;

    @Option(
        names = "--user",
        paramLabel = "USER",
        description = "User to log in to the peer as (HTTP Basic).")
    Optional<String> user;

    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = {
          "The name of an environment variable holding --user's password on the peer. Its value",
          "is stored with the peer, for this node to log in to the peer."
        })
    Optional<String> passwordEnv;

    @Option(
        names = "--token-env",
        paramLabel = "VAR",
        description = {
          "The name of an environment variable holding an API token of the peer. Its value is",
          "stored with the peer, for this node to log in to the peer (it is not a login to this",
          "node: peer commands work on this node's store)."
        })
    Optional<String> tokenEnv;

    @Option(
        names = "--ca-file",
        paramLabel = "FILE",
        description = "PEM CA certificates the peer's TLS certificate may come from.")
    Optional<String> caFile;

    @Option(
        names = "--client-cert",
        paramLabel = "FILE",
        description = "PEM client certificate this node logs in to the peer with (mutual TLS).")
    Optional<String> clientCertificate;

    @Option(
        names = "--client-key",
        paramLabel = "FILE",
        description = "PEM private key of --client-cert.")
    Optional<String> clientKey;

    @Option(
        names = "--pull",
        paramLabel = "REMOTE=LOCAL",
        description = "Pull the peer's collection REMOTE into local collection LOCAL (repeatable).")
    List<String> pull = new ArrayList<>();

    @Option(
        names = "--read",
        paramLabel = "COLLECTION",
        description = "A local collection the peer may read (repeatable).")
    List<String> read = new ArrayList<>();

    @Option(
        names = "--member",
        paramLabel = "MEMBER",
        description = "The local member the peer logs in as.")
    Optional<String> member;

    @Option(
        names = "--as-user",
        paramLabel = "USER",
        description = "Narrows --member to one of its users.")
    Optional<String> asUser;

    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "Objects asked for per page (default: 1000).")
    Optional<Integer> pageSize;

    @Option(
        names = "--interval-ms",
        paramLabel = "MS",
        description = "Time between polls (default: 500).")
    Optional<Long> intervalMs;

    @Option(
        names = "--log-key",
        paramLabel = "KEY",
        description = {
          "The peer's transparency log key (base64, as its GET /wuzhen/log/key/ gives it).",
          "Without it the key is pinned on first sight."
        })
    Optional<String> logKey;

    @Override
    void run(Store store, PrintWriter out) {
      JsonObject.Builder b = JsonObject.builder().put("name", name).put("url", url);
      user.ifPresent(u -> b.put("user", u));
      passwordEnv.ifPresent(v -> b.put("password", secret("--password-env", v)));
      tokenEnv.ifPresent(v -> b.put("token", secret("--token-env", v)));
      caFile.ifPresent(f -> b.put("ca_file", f));
      clientCertificate.ifPresent(f -> b.put("client_certificate", f));
      clientKey.ifPresent(f -> b.put("client_key", f));
      JsonObject.Builder pulls = JsonObject.builder();
      for (String mapping : pull) {
        int eq = mapping.indexOf('=');
        if (eq <= 0 || eq == mapping.length() - 1) {
          throw new AdminCommands.Refused("--pull: expected REMOTE=LOCAL, found '" + mapping + "'");
        }
        pulls.put(mapping.substring(0, eq), mapping.substring(eq + 1));
      }
      b.put("pull", pulls.build());
      b.put("read", new JsonArray(read.stream().map(r -> (JsonValue) new JsonString(r)).toList()));
      member.ifPresent(m -> b.put("member", m));
      asUser.ifPresent(u -> b.put("as_user", u));
      pageSize.ifPresent(n -> b.put("page_size", n));
      intervalMs.ifPresent(n -> b.put("interval_ms", n));
      logKey.ifPresent(k -> b.put("log_key", k));
      Peer peer;
      try {
        peer = Peer.parse(b.build(), "peer");
      } catch (SettingException e) {
        throw new AdminCommands.Refused(e.getMessage());
      }
      for (CollectionId c : peer.pull().values()) {
        requireCollection(store, c);
      }
      for (CollectionId c : peer.read()) {
        requireCollection(store, c);
      }
      Federation.register(store, peer);
      out.println("peer " + peer.name() + " saved: " + describe(peer));
    }

    private static String secret(String option, String variable) {
      String value = System.getenv(variable);
      if (value == null || value.isEmpty()) {
        throw new AdminCommands.Refused(
            option + ": environment variable " + variable + " is not set");
      }
      return value;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List peers (credentials hidden).")
  static final class PeerList extends AdminCommands.AdminAction {
    @Override
    void run(Store store, PrintWriter out) {
      for (FederationPeer stored : store.peers()) {
        try {
          Peer p = Peer.of(stored);
          out.println(p.name() + "  " + describe(p));
        } catch (IllegalArgumentException e) {
          out.println(stored.name() + "  (unreadable: " + e.getMessage() + ")");
        }
      }
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a peer (its cursors and provenance stay).")
  static final class PeerRemove extends AdminCommands.AdminAction {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    void run(Store store, PrintWriter out) {
      if (!store.removePeer(name)) {
        throw new AdminCommands.Refused("no peer named '" + name + "'");
      }
      out.println("peer " + name + " removed");
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show where pulling each peer's collections stands (the durable cursors), the last",
        "verified head of its transparency log and its flag, if its log was found inconsistent.",
        "A running node also shows counters, lag and the last error at GET /wuzhen/peers/."
      })
  static final class PeerStatusCommand extends AdminCommands.AdminAction {
    @Option(
        names = "--clear-flag",
        paramLabel = "NAME",
        description = {
          "Clear the peer's flag and forget its pinned log key and head: the next round trusts",
          "what it then sees, as on first contact, and pulling resumes."
        })
    Optional<String> clearFlag;

    @Override
    void run(Store store, PrintWriter out) {
      if (clearFlag.isPresent()) {
        String name = clearFlag.get();
        if (!store.clearPeerFlag(name)) {
          throw new AdminCommands.Refused("peer '" + name + "' has no flag and no pinned log head");
        }
        out.println(
            "peer "
                + name
                + ": flag cleared, log key and head forgotten; the next round pins what it sees");
        return;
      }
      Map<String, PeerFlag> flags = new LinkedHashMap<>();
      store.peerFlags().forEach(f -> flags.put(f.peer(), f));
      for (FederationPeer stored : store.peers()) {
        Peer p;
        try {
          p = Peer.of(stored);
        } catch (IllegalArgumentException e) {
          out.println(stored.name() + ": unreadable: " + e.getMessage());
          continue;
        }
        out.println(p.name() + " (" + p.apiRoot() + ")");
        PeerFlag flag = flags.get(p.name());
        if (flag != null) {
          out.println(
              "  FLAGGED at "
                  + flag.flagged()
                  + ", not pulled from (clear with --clear-flag "
                  + p.name()
                  + "): "
                  + flag.message());
        }
        out.println(
            "  log: "
                + store
                    .peerHead(p.name())
                    .map(
                        h ->
                            "key "
                                + h.keyId()
                                + ", head tree_size "
                                + h.treeSize()
                                + " root "
                                + h.rootHash().hex()
                                + " verified at "
                                + h.verified())
                    .orElse("no head verified"));
        if (p.pull().isEmpty()) {
          out.println("  pulls nothing");
        }
        for (Map.Entry<String, CollectionId> m : p.pull().entrySet()) {
          Optional<SyncCursor> c = store.syncCursor(p.name(), m.getKey());
          out.println(
              "  "
                  + m.getKey()
                  + " -> "
                  + m.getValue()
                  + ": "
                  + c.map(
                          x ->
                              "added after "
                                  + x.addedAfter()
                                  + ", last page applied "
                                  + x.updated())
                      .orElse("nothing pulled yet"));
        }
      }
      // MISP feeds (peers of kind misp-feed) live in the config, their cursors in the store.
      for (MispFeed feed : ConfigLoader.mispFeeds(this.store.config)) {
        out.println(feed.name() + " (misp-feed " + feed.url() + ")");
        out.println(
            "  manifest.json -> "
                + feed.collection()
                + ": "
                + store
                    .syncCursor(feed.cursorName(), "manifest.json")
                    .map(x -> MispFeedPull.position(x) + ", last event applied " + x.updated())
                    .orElse("nothing pulled yet"));
      }
    }
  }

  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description = "Inspect the export policy.",
      subcommands = {PolicyExplain.class})
  static final class PolicyCommand {}

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "Say whether an object would leave this node for a peer, and which rule decided, for",
        "each local collection holding it (its latest version). Exit code 1 when it is in none."
      })
  static final class PolicyExplain extends AdminCommands.AdminAction {
    @Parameters(index = "0", paramLabel = "OBJECT_ID")
    String objectId;

    @Option(
        names = "--peer",
        required = true,
        paramLabel = "NAME",
        description = "A peer's name, or misp-feed for MISP feed readers.")
    String peerName;

    @Override
    void run(Store store, PrintWriter out) {
      ExportPolicy policy = ConfigLoader.federation(this.store.config).policy();
      if (peerName.equals(FeedPolicy.PRINCIPAL)) {
        // MISP feed readers are decided as this principal (docs/misp.md, "Policy first").
        Set<String> own = new HashSet<>();
        store.members().forEach(m -> own.add(m.identityId()));
        try (Governance governance = communityOf(store, this.store)) {
          print(
              out,
              FeedPolicy.of(
                      policy.withOwnIdentities(own),
                      governance == null ? CommunityRules.NONE : governance::withholding)
                  .explain(store, objectId));
        }
        return;
      }
      FederationPeer stored =
          store.peers().stream()
              .filter(p -> p.name().equals(peerName))
              .findFirst()
              .orElseThrow(() -> new AdminCommands.Refused("no peer named '" + peerName + "'"));
      Map<CollectionId, Decision> decisions;
      try (Governance governance = communityOf(store, this.store)) {
        decisions =
            Federation.explain(
                store,
                policy,
                Peer.of(stored),
                objectId,
                governance == null ? CommunityRules.NONE : governance::withholding);
      }
      print(out, decisions);
    }

    private void print(PrintWriter out, Map<CollectionId, Decision> decisions) {
      if (decisions.isEmpty()) {
        throw new AdminCommands.Refused(objectId + " is in no collection of this node");
      }
      for (Map.Entry<CollectionId, Decision> d : decisions.entrySet()) {
        out.println(d.getValue().sentence(objectId, peerName, d.getKey().toString()));
      }
    }
  }

  /**
   * The community's governance as the store holds it (so explain applies the charter's rules as a
   * running node does), or null when this node has no community.
   */
  private static Governance communityOf(Store store, StoreOptions options) {
    NodeConfig config = options.load();
    CollectionId collection =
        config
            .community()
            .map(CommunitySettings::collection)
            .orElse(CommunitySettings.DEFAULT_COLLECTION);
    if (store.collection(collection).isEmpty()) {
      return null;
    }
    List<CollectionId> governed =
        config.community().map(CommunitySettings::governed).orElse(List.of());
    return Governance.open(
        store,
        new GovernanceSettings(
            collection, governed, Authenticity.MEMBER_SIGNATURES, Clock.systemUTC()));
  }

  private static void requireCollection(Store store, CollectionId c) {
    if (store.collection(c).isEmpty()) {
      throw new AdminCommands.Refused("no local collection " + c);
    }
  }

  private static String describe(Peer p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("url", p.apiRoot());
    d.put("credentials", p.credentials());
    d.put("pull", p.pull());
    d.put("read", p.read());
    p.member().ifPresent(m -> d.put("member", m));
    p.user().ifPresent(u -> d.put("as_user", u));
    d.put("page_size", p.pageSize());
    d.put("interval", p.interval());
    p.logKey().ifPresent(k -> d.put("log_key", Ed25519Keys.keyId(k)));
    return d.toString();
  }
}
