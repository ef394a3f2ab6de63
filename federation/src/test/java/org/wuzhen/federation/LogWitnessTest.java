package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.TreeHead;

/**
 * Federation peers exchange signed tree heads (docs/federation.md, "Tree heads"): real nodes on
 * loopback, each with its own store and transparency log. Honest nodes verify and witness each
 * other; a node that rewrites its log, changes its key, or shows two peers two histories is
 * flagged, durably, and no longer pulled from.
 */
class LogWitnessTest {
  @TempDir Path dir;

  static StixObject object(PeerNode origin) {
    return MultiNodeTest.object(origin, Tlp.CLEAR, MultiNodeTest.T1);
  }

  static PeerStatus status(PeerNode node, String peer) {
    return node.federation.status().stream()
        .filter(s -> s.peer().equals(peer))
        .findFirst()
        .orElseThrow();
  }

  static String flag(PeerNode node, String peer) {
    PeerLog log = status(node, peer).log();
    assertThat(log).as(node.name + "'s view of " + peer).isInstanceOf(PeerLog.Flagged.class);
    return ((PeerLog.Flagged) log).message();
  }

  /** A client of the node's routes; as its administrator, or anonymous. */
  static TaxiiClient client(PeerNode node, boolean asAdmin) {
    return TaxiiClient.builder(node.apiRoot())
        .credentials(
            asAdmin ? Credentials.basic(node.admin, PeerNode.PASSWORD) : Credentials.none())
        .build();
  }

  /** GET /wuzhen/log/witnessed/, public. */
  static List<WitnessedHeads.Entry> witnessed(PeerNode node) throws Exception {
    return client(node, false)
        .get("/wuzhen/log/witnessed/", Map.of(), json -> WitnessedHeads.fromJson(json, 100))
        .heads();
  }

  /** GET /wuzhen/peers/ as the node's administrator: each peer's status by name. */
  static Map<String, PeerStatus> peersRoute(PeerNode node) throws Exception {
    Map<String, PeerStatus> out = new HashMap<>();
    for (PeerStatus s :
        client(node, true).get("/wuzhen/peers/", Map.of(), PeersReply::fromJson).peers()) {
      out.put(s.peer(), s);
    }
    return out;
  }

  static String keyId(PeerNode node) {
    return Ed25519Keys.keyId(node.logKey.getPublic());
  }

  @Test
  void threeNodesThatAgreeVerifyAndWitnessEachOthersHeads() throws Exception {
    List<PeerNode> nodes = PeerNode.triangle(dir);
    try (PeerNode a = nodes.get(0);
        PeerNode b = nodes.get(1);
        PeerNode c = nodes.get(2)) {
      for (int round = 0; round < 3; round++) {
        for (PeerNode x : nodes) {
          x.publish(object(x));
          x.log.refresh();
        }
        for (PeerNode x : nodes) {
          x.federation.syncOnce();
        }
      }
      for (PeerNode x : nodes) {
        for (PeerStatus s : x.federation.status()) {
          assertThat(s.log()).as(x.name + " of " + s.peer()).isInstanceOf(PeerLog.Verified.class);
          assertThat(((PeerLog.Verified) s.log()).witnessProblem()).isEmpty();
          assertThat(s.pulling()).isTrue();
          assertThat(s.lastError()).isEmpty();
        }
        assertThat(x.store.peerFlags()).isEmpty();
        // Each node serves the heads it verified of the two others, verifiable by anyone.
        Set<String> keyIds = new HashSet<>();
        for (WitnessedHeads.Entry entry : witnessed(x)) {
          WitnessedHeads.Entry.Witnessed w = (WitnessedHeads.Entry.Witnessed) entry;
          TreeHead head = w.head();
          assertThat(head.verify(Ed25519Keys.parsePublic(w.publicKey().orElseThrow(), "t")))
              .isTrue();
          assertThat(head.treeSize()).isPositive();
          keyIds.add(head.keyId());
        }
        Set<String> others = new HashSet<>();
        nodes.stream().filter(y -> y != x).forEach(y -> others.add(keyId(y)));
        assertThat(keyIds).isEqualTo(others);
      }
      // Everything still flows: the log checks do not get in the way of pulling.
      StixObject late = object(a);
      a.publish(late);
      c.federation.syncOnce();
      assertThat(c.holdings()).contains(PeerNode.key(late));
    }
  }

  /**
   * Two databases behind one log key: the operator of t shows x one history and p another. x peers
   * with t and p, p with t; after {@link #verifyEach} each has verified its own t.
   */
  private record Fork(
      PeerNode tForX, PeerNode tForP, PeerNode x, PeerNode p, TreeHead shownToX, TreeHead shownToP)
      implements AutoCloseable {
    static Fork start(Path dir, int objectsForX, int objectsForP) throws IOException {
      KeyPair tKey = Ed25519Keys.generate();
      PeerNode tForX = PeerNode.start("t", dir.resolve("one"), "{}", tKey);
      PeerNode tForP = PeerNode.start("t", dir.resolve("two"), "{}", tKey);
      PeerNode x = PeerNode.start("x", dir, "{}");
      PeerNode p = PeerNode.start("p", dir, "{}");
      for (int i = 0; i < objectsForX; i++) {
        tForX.publish(object(tForX));
      }
      for (int i = 0; i < objectsForP; i++) {
        tForP.publish(object(tForP));
      }
      p.watch(tForP);
      x.watch(tForX);
      x.watch(p);
      return new Fork(tForX, tForP, x, p, tForX.log.refresh(), tForP.log.refresh());
    }

    void verifyEach() {
      p.federation.syncOnce();
      x.federation.syncOnce();
      assertThat(status(x, "t").log()).isInstanceOf(PeerLog.Verified.class);
      assertThat(status(p, "t").log()).isInstanceOf(PeerLog.Verified.class);
    }

    @Override
    public void close() {
      List.of(tForX, tForP, x, p).forEach(PeerNode::close);
    }
  }

  @Test
  void aNodeShowingTwoPeersTwoHistoriesIsFlaggedByTheThirdThroughWitnessedHeads() throws Exception {
    try (Fork fork = Fork.start(dir, 1, 2)) {
      PeerNode x = fork.x();
      fork.verifyEach();

      x.federation.syncOnce();

      String flag = flag(x, "t");
      assertThat(flag)
          .startsWith("t (" + fork.tForX().apiRoot() + ")")
          .contains("shows different histories to different peers")
          .contains(fork.shownToX().rootHash().hex())
          .contains(fork.shownToP().rootHash().hex())
          .contains("tree_size " + fork.shownToX().treeSize())
          .contains("tree_size " + fork.shownToP().treeSize())
          .contains("t showed peer p");
      assertThat(status(x, "t").pulling()).isFalse();
      // Operators see it at GET /wuzhen/peers/.
      PeerStatus t = peersRoute(x).get("t");
      assertThat(t.pulling()).isFalse();
      assertThat(t.log())
          .isInstanceOfSatisfying(
              PeerLog.Flagged.class, f -> assertThat(f.message()).isEqualTo(flag));
      assertThat(peersRoute(x).get("p").log()).isInstanceOf(PeerLog.Verified.class);
      // The witness itself did nothing wrong.
      assertThat(status(x, "p").log()).isInstanceOf(PeerLog.Verified.class);
      // The flag stays through further rounds and a restart.
      x.federation.syncOnce();
      x.stop();
      x.restart();
      assertThat(flag(x, "t")).isEqualTo(flag);
    }
  }

  @Test
  void twoHistoriesOfTheSameSizeAreAForkToo() throws Exception {
    try (Fork fork = Fork.start(dir, 1, 1)) {
      assertThat(fork.shownToX().treeSize()).isEqualTo(fork.shownToP().treeSize());
      fork.verifyEach();
      fork.x().federation.syncOnce();
      assertThat(flag(fork.x(), "t")).contains("two histories").contains("for the same size");
    }
  }

  @Test
  void aLogRewrittenBetweenRoundsIsFlaggedAndNotPulledFromUntilTheFlagIsCleared() throws Exception {
    try (PeerNode t = PeerNode.start("t", dir, "{\"peers\":{\"x\":{\"relation\":\"member\"}}}");
        PeerNode x = PeerNode.start("x", dir, "{}")) {
      x.pullFrom(t);
      StixObject first = object(t);
      t.publish(first);
      t.log.refresh();
      x.federation.syncOnce();
      assertThat(status(x, "t").log()).isInstanceOf(PeerLog.Verified.class);
      assertThat(x.holdings()).contains(PeerNode.key(first));

      // The operator rewrites leaf 0 and every subtree hash, then restarts the node.
      t.stop();
      t.sqlBehindTheBack(
          "UPDATE log_leaves SET record = '{\"op\":\"rewritten\"}' WHERE leaf_index = 0");
      t.sqlBehindTheBack("DELETE FROM log_nodes");
      t.restart();
      StixObject second = object(t);
      t.publish(second);
      t.log.refresh();
      x.federation.syncOnce();

      assertThat(flag(x, "t")).contains("the log was rewritten");
      x.federation.syncOnce();
      assertThat(status(x, "t").pulling()).isFalse();
      assertThat(x.holdings()).doesNotContain(PeerNode.key(second));

      // The operator investigated and accepts the node's log as it is now.
      assertThat(x.store.clearPeerFlag("t")).isTrue();
      x.federation.syncOnce();
      assertThat(status(x, "t").log()).isInstanceOf(PeerLog.Verified.class);
      assertThat(x.holdings()).contains(PeerNode.key(second));
    }
  }

  @Test
  void aLogThatShrankIsFlagged() throws Exception {
    try (PeerNode t = PeerNode.start("t", dir, "{}");
        PeerNode x = PeerNode.start("x", dir, "{}")) {
      x.watch(t);
      t.publish(object(t), object(t));
      long size = t.log.refresh().treeSize();
      x.federation.syncOnce();
      t.stop();
      // The last two leaves, the adds of the two objects, are one run (migration V40).
      t.sqlBehindTheBack("DELETE FROM log_add_runs WHERE first_leaf + leaf_count = " + size);
      t.restart();
      x.federation.syncOnce();
      assertThat(flag(x, "t")).contains("the log shrank").contains("tree_size " + size);
    }
  }

  @Test
  void aChangedLogKeyIsFlaggedAndAConfiguredKeyIsHeldToFromTheStart() throws Exception {
    try (PeerNode t = PeerNode.start("t", dir, "{}");
        PeerNode x = PeerNode.start("x", dir, "{}");
        PeerNode y = PeerNode.start("y", dir, "{}")) {
      x.watch(t);
      x.federation.syncOnce();
      assertThat(status(x, "t").log()).isInstanceOf(PeerLog.Verified.class);
      String oldKeyId = keyId(t);

      t.stop();
      t.restartWithLogKey(Ed25519Keys.generate());
      x.federation.syncOnce();
      assertThat(flag(x, "t"))
          .contains("the log key changed")
          .contains("the key pinned is " + oldKeyId)
          .contains(keyId(t));

      // y is told t's old key in its config: t's current key is refused at first contact.
      y.federation.addPeer(
          Peer.parse(
              Json.parse(
                  "{\"name\":\"t\",\"url\":\""
                      + t.apiRoot()
                      + "\",\"log_key\":\""
                      + Ed25519Keys.encodePublic(
                          Ed25519Keys.parsePublic(
                              x.store.peerHead("t").orElseThrow().publicKey(), "k"))
                      + "\"}"),
              "peers[0]"));
      y.federation.syncOnce();
      assertThat(flag(y, "t")).contains("the configured log_key is " + oldKeyId);
    }
  }
}
