package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * The audit over HTTP against real nodes, and the tampering it must catch: a stored object edited
 * or deleted with SQL behind the node's back, a rewritten log, and a node showing two auditors two
 * different histories.
 */
class AuditorTest {
  private static final KeyPair KEY = Ed25519Keys.generate();

  @TempDir Path dir;

  private Auditor.Report audit(
      LogTestNode node, Path state, List<Path> peers, StixObject... objects) throws AuditFailure {
    List<Auditor.ObjectRef> refs =
        java.util.Arrays.stream(objects)
            .map(o -> new Auditor.ObjectRef(node.collection.toString(), o.id().toString()))
            .toList();
    List<AuditState> peerStates = new java.util.ArrayList<>();
    for (Path p : peers) {
      peerStates.add(AuditState.read(p));
    }
    AuditState previous =
        Files.exists(state) ? AuditState.read(state) : AuditState.empty(node.uri().toString());
    Auditor.Report report =
        Auditor.audit(
            new Auditor.Request(
                node.uri(),
                previous,
                peerStates,
                refs,
                List.of(0L),
                false,
                Credentials.bearer(node.token)));
    report.state().write(state);
    return report;
  }

  private static StixObject add(LogTestNode node) {
    StixObject o = TransparencyLogTest.identities(1).getFirst();
    node.store.add(node.collection, List.of(o));
    node.log.refresh();
    return o;
  }

  @Test
  void anHonestNodePassesAndEachAuditChecksConsistencyWithTheLast() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      Path state = dir.resolve("state.json");
      StixObject first = add(node);
      Auditor.Report one = audit(node, state, List.of(), first);
      assertThat(one.checks()).anyMatch(c -> c.contains("signature valid"));
      assertThat(one.checks()).anyMatch(c -> c.startsWith(first.id() + " (leaf"));
      StixObject second = add(node);
      node.store.delete(node.collection, first.id().toString(), VersionSelection.ALL, List.of());
      node.log.refresh();
      Auditor.Report two = audit(node, state, List.of(), first, second);
      assertThat(two.checks()).anyMatch(c -> c.contains("consistent with the head this auditor"));
      assertThat(two.checks()).anyMatch(c -> c.startsWith(first.id() + " deletion: included"));
      assertThat(AuditState.read(state).head().orElseThrow().treeSize())
          .isEqualTo(node.store.logSize());
    }
  }

  @Test
  void anObjectEditedBehindTheNodesBackIsDetected() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      Path state = dir.resolve("state.json");
      StixObject object = add(node);
      audit(node, state, List.of(), object);
      node.sqlBehindTheBack(
          "UPDATE objects SET json = replace(json, '\"name\":\"n0\"', '\"name\":\"forged\"')"
              + " WHERE id = '"
              + object.id()
              + "'");
      assertThatThrownBy(() -> audit(node, state, List.of(), object))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining(object.id() + " (leaf")
          .hasMessageContaining("stored JSON was changed behind the log");
    }
  }

  @Test
  void anObjectDeletedBehindTheNodesBackIsDetected() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      Path state = dir.resolve("state.json");
      StixObject object = add(node);
      audit(node, state, List.of(), object);
      node.sqlBehindTheBack("DELETE FROM objects WHERE id = '" + object.id() + "'");
      assertThatThrownBy(() -> audit(node, state, List.of(), object))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("the log records no deletion of it");
    }
  }

  @Test
  void aRewrittenLogIsDetected() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      Path state = dir.resolve("state.json");
      StixObject object = add(node);
      audit(node, state, List.of(), object);
      // The operator rewrites leaf 0 and every subtree hash, then restarts the log.
      String record = "{\"op\":\"rewritten\"}";
      node.sqlBehindTheBack(
          "UPDATE log_leaves SET record = '"
              + record
              + "', collection_key = NULL, object_id = NULL, version_micros = NULL, sha256 = NULL"
              + " WHERE leaf_index = 0");
      node.sqlBehindTheBack("DELETE FROM log_nodes");
      node.store.add(node.collection, TransparencyLogTest.identities(1));
      node.close();
      try (LogTestNode reopened = new LogTestNode(node.dir, KEY)) {
        assertThatThrownBy(() -> audit(reopened, state, List.of()))
            .isInstanceOf(AuditFailure.class)
            .hasMessageContaining("the log was rewritten");
      }
    }
  }

  @Test
  void aNodeShowingTwoAuditorsDifferentHistoriesIsCaughtWhenTheyCompareHeads() throws Exception {
    // Two databases behind one node key: the operator shows each auditor its own history.
    try (LogTestNode forA = new LogTestNode(Files.createDirectories(dir.resolve("a")), KEY);
        LogTestNode forB = new LogTestNode(Files.createDirectories(dir.resolve("b")), KEY)) {
      Path stateA = dir.resolve("a.json");
      Path stateB = dir.resolve("b.json");
      add(forA);
      add(forB);
      add(forB);
      audit(forA, stateA, List.of());
      audit(forB, stateB, List.of());
      assertThatThrownBy(() -> audit(forA, stateA, List.of(stateB)))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("a head another auditor saw");
      assertThatThrownBy(() -> audit(forB, stateB, List.of(stateA)))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("a head another auditor saw");
    }
  }

  @Test
  void aHeadSignedByAnotherKeyIsRefused() throws Exception {
    Path state = dir.resolve("state.json");
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      add(node);
      audit(node, state, List.of());
    }
    try (LogTestNode impostor =
        new LogTestNode(Files.createDirectories(dir.resolve("n2")), Ed25519Keys.generate())) {
      add(impostor);
      assertThatThrownBy(() -> audit(impostor, state, List.of()))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("the node key changed");
    }
  }

  private static Auditor.Report wholeTree(LogTestNode node, String token, long... leaves)
      throws AuditFailure {
    return Auditor.audit(
        new Auditor.Request(
            node.uri(),
            AuditState.empty(node.uri().toString()),
            List.of(),
            List.of(),
            java.util.Arrays.stream(leaves).boxed().toList(),
            true,
            Credentials.bearer(token)));
  }

  /** Another member with a user and a private collection holding {@code objects} objects. */
  private static String otherMemberWithPrivateObjects(LogTestNode node, int objects) {
    String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
    node.node.member("other-" + suffix);
    node.node.admin("root-" + suffix, "other-" + suffix);
    org.wuzhen.store.CollectionId secret =
        node.node.collection("Private", org.wuzhen.store.Principal.member("other-" + suffix));
    node.store.add(secret, TransparencyLogTest.identities(objects));
    return node.node.token("root-" + suffix);
  }

  @Test
  void aMemberAuditsTheWholeTreeAndProvesItsOwnObjectsThoughOthersAreHiddenFromIt()
      throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      StixObject mine = add(node);
      otherMemberWithPrivateObjects(node, 20);
      node.log.refresh();
      long size = node.store.logSize();
      Auditor.Report report = wholeTree(node, node.token, 0, size - 1);
      assertThat(report.checks())
          .anyMatch(
              c -> c.startsWith("whole tree: its " + size + " leaves hash to the signed root"))
          .anyMatch(c -> c.startsWith("leaf 0: included"))
          .anyMatch(c -> c.startsWith("leaf " + (size - 1) + " (hash only): included"));
      Path state = dir.resolve("state.json");
      assertThat(audit(node, state, List.of(), mine).checks())
          .anyMatch(c -> c.startsWith(mine.id() + " (leaf"));
    }
  }

  @Test
  void aLeafChangedBeneathAStoredSubtreeKeepsTheRootButFailsTheWholeTreeAudit() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      otherMemberWithPrivateObjects(node, 40);
      TreeHead signed = node.log.refresh();
      // Leaf 0 (alice's member) is beneath the stored subtree of leaves 0-15: the root stays.
      node.sqlBehindTheBack(
          "UPDATE log_leaves SET record = replace(record, '\"name\":\"acme-', '\"name\":\"evil-')"
              + " WHERE leaf_index = 0");
      assertThat(node.log.head()).isEqualTo(signed);
      assertThatThrownBy(() -> wholeTree(node, node.token))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("it serves another log than it signs");
      assertThatThrownBy(() -> wholeTree(node, node.token, 0))
          .isInstanceOf(AuditFailure.class)
          .hasMessageContaining("it is not leaf 0 of the signed tree");
    }
  }

  @Test
  void routesRefuseBadParametersNamingThem() throws Exception {
    try (LogTestNode node = new LogTestNode(Files.createDirectories(dir.resolve("n")), KEY)) {
      add(node);
      TaxiiClient anonymous = TaxiiClient.builder(node.uri()).build();
      TaxiiClient member =
          TaxiiClient.builder(node.uri()).credentials(Credentials.bearer(node.token)).build();
      String inclusion = "/wuzhen/log/proof/inclusion/";
      assertRefused(anonymous, inclusion, Map.of("tree_size", "1"), 400, "leaf_index: missing");
      assertRefused(
          anonymous,
          inclusion,
          Map.of("leaf_index", "x", "tree_size", "1"),
          400,
          "leaf_index: not a");
      assertRefused(
          anonymous,
          inclusion,
          Map.of("leaf_index", "0", "tree_size", "999999"),
          400,
          "tree_size: 999999");
      assertRefused(
          anonymous,
          "/wuzhen/log/proof/consistency/",
          Map.of("first", "-1", "second", "2"),
          400,
          "first: negative");
      assertRefused(
          member,
          "/wuzhen/log/leaves/",
          Map.of("start", "0", "end", "5000"),
          400,
          "end: at most 1000");
      assertRefused(anonymous, "/wuzhen/log/leaves/", Map.of("start", "0", "end", "1"), 401, "");
      org.wuzhen.store.CollectionId unreadable = org.wuzhen.store.CollectionId.random();
      node.store.createCollection(
          new org.wuzhen.store.CollectionInfo(
              unreadable, "closed", Optional.empty(), Optional.empty(), List.of()));
      assertRefused(
          member,
          "/wuzhen/log/object/",
          Map.of("collection", unreadable.toString(), "id", "note--x"),
          404,
          "collection: no collection " + unreadable);
      assertThat(LogClient.of(node.uri(), Credentials.none(), 4096).head().treeSize())
          .isEqualTo(node.store.logSize());
    }
  }

  private static void assertRefused(
      TaxiiClient client, String path, Map<String, String> query, int status, String description) {
    assertThatThrownBy(() -> client.get(path, query, v -> v))
        .isInstanceOfSatisfying(
            TaxiiClientException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TaxiiClientException.Kind.REFUSED);
              assertThat(e.status()).as(path).hasValue(status);
              assertThat(e.description().orElseThrow()).as(path).contains(description);
            });
  }
}
