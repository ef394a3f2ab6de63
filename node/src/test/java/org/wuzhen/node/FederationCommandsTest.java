package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.governance.Authenticity;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterRule;
import org.wuzhen.governance.CommunitySettings;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceSettings;
import org.wuzhen.governance.RuleValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.Member;
import org.wuzhen.store.PeerFlag;
import org.wuzhen.store.PeerHead;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.transparency.Ed25519Keys;

class FederationCommandsTest {
  @TempDir Path data;

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return CliRun.of(all);
  }

  private CollectionId collection() {
    CollectionId c = CollectionId.random();
    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.createCollection(
          new CollectionInfo(c, "shared", Optional.empty(), Optional.empty(), List.of()));
      s.addMember(new Member("peer-b", "identity--" + UUID.randomUUID()));
    }
    return c;
  }

  @Test
  void peerStatusShowsAMispFeedOfThePeersListWithItsCursor() throws Exception {
    CollectionId local = collection();
    Path config = data.resolve("node.yaml");
    Files.writeString(
        config,
        "peers:\n  - kind: misp-feed\n    name: circl\n    url: https://feeds.example.org/circl/\n"
            + "    collection: "
            + local
            + "\n    publisher: identity--0b7e9d8a-5c4d-4e2f-9a1b-3c5d7e9f1a2b\n");
    assertThat(run("peer", "status", "--config", config.toString()).out())
        .contains("circl (misp-feed https://feeds.example.org/circl/)")
        .contains("manifest.json -> " + local + ": nothing pulled yet");
    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.saveSyncCursor(new SyncCursor("misp-feed:circl", "manifest.json", "\"e1\"", Instant.EPOCH));
    }
    assertThat(run("peer", "status", "--config", config.toString()).out())
        .contains("manifest.json -> " + local + ": ETag \"e1\", last event applied");
  }

  @Test
  void peersAreAddedListedShownAndRemovedWithoutShowingSecrets() {
    CollectionId local = collection();
    CliRun add =
        run(
            "peer",
            "add",
            "node-b",
            "--url",
            "http://127.0.0.1:9444/api1",
            "--token-env",
            "PATH",
            "--pull",
            "remote-1=" + local,
            "--read",
            local.toString(),
            "--member",
            "peer-b");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out())
        .contains("peer node-b saved")
        .contains("Bearer[***]")
        .doesNotContain(System.getenv("PATH"));

    CliRun list = run("peer", "list");
    assertThat(list.out()).contains("node-b").contains("http://127.0.0.1:9444/api1/");

    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.saveSyncCursor(
          new SyncCursor("node-b", "remote-1", "2024-01-01T00:00:00.000001Z", Instant.EPOCH));
    }
    CliRun status = run("peer", "status");
    assertThat(status.out())
        .contains("remote-1 -> " + local + ": added after 2024-01-01T00:00:00.000001Z");

    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.savePeerHead(
          new PeerHead(
              "node-b",
              "MCowBQYDK2VwAyEA",
              42,
              new LogHash(new byte[LogHash.LENGTH]),
              1_700_000_000_000L,
              "ab12",
              "c2ln",
              Instant.EPOCH));
      s.flagPeer(new PeerFlag("node-b", "node-b (http://x/): the log shrank", Instant.EPOCH));
    }
    assertThat(run("peer", "status").out())
        .contains(
            "FLAGGED at 1970-01-01T00:00:00Z, not pulled from (clear with --clear-flag node-b)")
        .contains("the log shrank")
        .contains("log: key ab12, head tree_size 42 root " + "00".repeat(32));
    CliRun cleared = run("peer", "status", "--clear-flag", "node-b");
    assertThat(cleared.out()).contains("peer node-b: flag cleared");
    assertThat(run("peer", "status").out())
        .doesNotContain("FLAGGED")
        .contains("log: no head verified");
    assertThat(run("peer", "status", "--clear-flag", "node-b").exitCode())
        .isEqualTo(ExitCodes.INVALID);

    assertThat(run("peer", "remove", "node-b").exitCode()).isZero();
    CliRun again = run("peer", "remove", "node-b");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(again.err()).contains("no peer named 'node-b'");
  }

  @Test
  void badPeerSettingsAreRefusedNamingTheOption() {
    collection();
    CliRun url = run("peer", "add", "node-b", "--url", "node-b:9000");
    assertThat(url.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(url.err()).contains("peer.url: not an absolute http(s) URL: 'node-b:9000'");
    CliRun pull = run("peer", "add", "node-b", "--url", "http://x/", "--pull", "nothing");
    assertThat(pull.err()).contains("--pull: expected REMOTE=LOCAL");
    CliRun missing =
        run("peer", "add", "node-b", "--url", "http://x/", "--pull", "r=" + CollectionId.random());
    assertThat(missing.err()).contains("no local collection");
    CliRun key = run("peer", "add", "node-b", "--url", "http://x/", "--log-key", "not-a-key");
    assertThat(key.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(key.err()).contains("peer.log_key: not a base64 Ed25519 public key");
    String good = Ed25519Keys.encodePublic(Ed25519Keys.generate().getPublic());
    CliRun keyed = run("peer", "add", "node-b", "--url", "http://x/", "--log-key", good);
    assertThat(keyed.exitCode()).as(keyed.err()).isZero();
    assertThat(keyed.out()).contains("log_key=");
  }

  @Test
  void policyExplainNamesTheDecidingRule() throws Exception {
    CollectionId local = collection();
    Path config = data.resolve("wuzhen.yaml");
    Files.writeString(
        config,
        """
        export_policy:
          unmarked_tlp: green
          peers:
            node-b:
              relation: community
        """);
    assertThat(
            run(
                    "peer",
                    "add",
                    "node-b",
                    "--url",
                    "http://127.0.0.1:1/",
                    "--read",
                    local.toString(),
                    "--member",
                    "peer-b")
                .exitCode())
        .isZero();
    String own = "identity--" + UUID.randomUUID();
    String green = "indicator--" + UUID.randomUUID();
    String red = "indicator--" + UUID.randomUUID();
    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.addMember(new Member("me", own));
      s.add(local, List.of(indicator(green, Tlp.GREEN, own), indicator(red, Tlp.RED, own)));
    }
    CliRun allowed =
        run("policy", "explain", green, "--peer", "node-b", "--config", config.toString());
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(allowed.out())
        .startsWith("allowed " + green + " to node-b from collection " + local + ": rule allowed");
    CliRun withheld =
        run("policy", "explain", red, "--peer", "node-b", "--config", config.toString());
    assertThat(withheld.out())
        .startsWith("withheld " + red)
        .contains("rule tlp.red: TLP:RED never leaves its node");
    // Once the node has a community whose charter keeps low-confidence indicators home, explain
    // names the community's rule for what the node's own policy would let out.
    try (Store s = Stores.open(new StoreConfig.Sqlite(data));
        Governance g =
            Governance.found(
                s,
                new GovernanceSettings(
                    CommunitySettings.DEFAULT_COLLECTION,
                    List.of(),
                    Authenticity.MEMBER_SIGNATURES,
                    java.time.Clock.systemUTC()),
                Charter.found(
                    List.of(new CharterMember("me", own)),
                    Map.of(
                        CharterRule.MEMBER_SIGNATURES,
                        new RuleValue.Choice("optional"),
                        CharterRule.EXPORT_MIN_CONFIDENCE,
                        new RuleValue.Whole(90)),
                    Instant.now()))) {
      assertThat(g.charter().version()).isEqualTo(1);
    }
    CliRun community =
        run("policy", "explain", green, "--peer", "node-b", "--config", config.toString());
    assertThat(community.out())
        .startsWith("withheld " + green)
        .contains("rule community:")
        .contains("export.min_confidence 90");
    CliRun unknown =
        run("policy", "explain", "indicator--" + UUID.randomUUID(), "--peer", "node-b");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(unknown.err()).contains("is in no collection");
  }

  @Test
  void policyExplainCoversMispFeedReaders() throws Exception {
    CollectionId local = collection();
    String own = "identity--" + UUID.randomUUID();
    String green = "indicator--" + UUID.randomUUID();
    String amber = "indicator--" + UUID.randomUUID();
    String strict = "indicator--" + UUID.randomUUID();
    try (Store s = Stores.open(new StoreConfig.Sqlite(data))) {
      s.addMember(new Member("me", own));
      s.add(
          local,
          List.of(
              indicator(green, Tlp.GREEN, own),
              indicator(amber, Tlp.AMBER, own),
              indicator(strict, Tlp.AMBER_STRICT, own)));
    }
    assertThat(run("policy", "explain", green, "--peer", "misp-feed").out())
        .startsWith("allowed " + green + " to misp-feed from collection " + local);
    assertThat(run("policy", "explain", amber, "--peer", "misp-feed").out())
        .startsWith("withheld " + amber)
        .contains("rule tlp.relation");
    assertThat(run("policy", "explain", strict, "--peer", "misp-feed").out())
        .startsWith("withheld " + strict)
        .contains("rule misp_feed.tlp: TLP:AMBER+STRICT never enters a MISP feed");
  }

  private static StixObject indicator(String id, Tlp tlp, String createdBy) {
    return StixObject.parse(
        """
        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",
         "modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '203.0.113.1']",
         "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","created_by_ref":"%s",
         "object_marking_refs":["%s"]}"""
            .formatted(id, createdBy, tlp.markingId()));
  }
}
