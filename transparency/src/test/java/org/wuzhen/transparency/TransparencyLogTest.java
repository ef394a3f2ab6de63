package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.PostgresServer;
import org.wuzhen.store.Store;
import org.wuzhen.store.Stores;

/** The log over real stores: heads, proofs against them, resumption, background signing. */
class TransparencyLogTest {
  private static final KeyPair KEY = Ed25519Keys.generate();

  @TempDir Path dir;

  static List<StixObject> identities(int n) {
    List<StixObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          StixObject.parse(
              "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--"
                  + UUID.randomUUID()
                  + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":"
                  + "\"2024-01-01T00:00:00.000Z\",\"name\":\"n"
                  + i
                  + "\",\"identity_class\":\"organization\"}"));
    }
    return out;
  }

  static CollectionId collection(Store store) {
    CollectionId c = CollectionId.random();
    store.createCollection(
        new CollectionInfo(
            c, "log test", java.util.Optional.empty(), java.util.Optional.empty(), List.of()));
    return c;
  }

  /** The leaves' data (salt and record) as the reference implementation's leaf data. */
  static List<byte[]> records(Store store) {
    List<byte[]> out = new ArrayList<>();
    for (LogLeaf leaf : store.logLeaves(0, store.logSize())) {
      out.add(leaf.leafData());
    }
    return out;
  }

  private static void assertHeadsAndProofs(Store store, TransparencyLog log, List<TreeHead> seen) {
    TreeHead head = log.refresh();
    List<byte[]> data = records(store);
    assertThat(head.treeSize()).isEqualTo(data.size());
    assertThat(head.rootHash()).isEqualTo(ReferenceMerkle.mth(data));
    assertThat(head.verify(KEY.getPublic())).isTrue();
    for (int i = 0; i < data.size(); i++) {
      assertThat(
              MerkleVerifier.verifyInclusion(
                  i,
                  head.treeSize(),
                  MerkleTree.leafHash(data.get(i)),
                  log.inclusionProof(i, head.treeSize()),
                  head.rootHash()))
          .as("leaf %d of %d", i, head.treeSize())
          .isTrue();
    }
    for (TreeHead earlier : seen) {
      assertThat(
              MerkleVerifier.verifyConsistency(
                  earlier.treeSize(),
                  head.treeSize(),
                  earlier.rootHash(),
                  head.rootHash(),
                  log.consistencyProof(earlier.treeSize(), head.treeSize())))
          .isTrue();
    }
    seen.add(head);
  }

  @Test
  void headsCoverEveryLeafAndEveryProofVerifiesAgainstThem() {
    try (Store store = Stores.open(new org.wuzhen.store.StoreConfig.Sqlite(dir));
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      CollectionId c = collection(store);
      List<TreeHead> seen = new ArrayList<>();
      for (int batch : new int[] {1, 36, 1, 2, 95}) {
        store.add(c, identities(batch));
        assertHeadsAndProofs(store, log, seen);
      }
    }
  }

  @Test
  void aRestartedLogResumesIndexingWhereItStopped() {
    org.wuzhen.store.StoreConfig.Sqlite config = new org.wuzhen.store.StoreConfig.Sqlite(dir);
    try (Store store = Stores.open(config)) {
      CollectionId c = collection(store);
      store.add(c, identities(23));
      try (TransparencyLog first = new TransparencyLog(store, KEY, Clock.systemUTC())) {
        first.refresh();
      }
      store.add(c, identities(50));
      try (TransparencyLog second = new TransparencyLog(store, KEY, Clock.systemUTC())) {
        assertHeadsAndProofs(store, second, new ArrayList<>());
      }
    }
  }

  @Test
  void theLogOnPostgresqlGivesTheReferenceRootsAndProofs() {
    try (Store store = Stores.open(PostgresServer.shared().createDatabase());
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      CollectionId c = collection(store);
      List<TreeHead> seen = new ArrayList<>();
      for (int batch : new int[] {5, 60}) {
        store.add(c, identities(batch));
        assertHeadsAndProofs(store, log, seen);
      }
    }
  }

  @Test
  void aGrownLogGetsANewSignedHeadWithinASecond() throws Exception {
    try (Store store = Stores.open(new org.wuzhen.store.StoreConfig.Sqlite(dir));
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      log.start();
      long before = log.head().treeSize();
      CollectionId c = collection(store);
      store.add(c, identities(3));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (log.head().treeSize() < before + 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(log.head().treeSize()).isEqualTo(store.logSize());
    }
  }

  @Test
  void aHeadVerifiesOnlyWithItsKeyAndItsExactContent() {
    try (Store store = Stores.open(new org.wuzhen.store.StoreConfig.Sqlite(dir));
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      store.add(collection(store), identities(2));
      TreeHead head = log.refresh();
      assertThat(head.verify(KEY.getPublic())).isTrue();
      assertThat(head.verify(Ed25519Keys.generate().getPublic())).isFalse();
      TreeHead otherSize =
          new TreeHead(
              head.treeSize() - 1,
              head.rootHash(),
              head.timestamp(),
              head.keyId(),
              head.signature());
      assertThat(otherSize.verify(KEY.getPublic())).isFalse();
      assertThat(TreeHead.fromJson(head.toJson())).isEqualTo(head);
      assertThat(TreeHead.fromJson(head.toJson()).verify(KEY.getPublic())).isTrue();
    }
  }

  @Test
  void proofsBeyondTheSignedHeadAreRefusedNamingTheParameter() {
    try (Store store = Stores.open(new org.wuzhen.store.StoreConfig.Sqlite(dir));
        TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC())) {
      store.add(collection(store), identities(4));
      long size = log.refresh().treeSize();
      assertThatThrownBy(() -> log.inclusionProof(0, size + 1))
          .hasMessageStartingWith("tree_size: ");
      assertThatThrownBy(() -> log.inclusionProof(size, size))
          .hasMessageStartingWith("leaf_index: ");
      assertThatThrownBy(() -> log.consistencyProof(3, size + 1))
          .hasMessageStartingWith("second: ");
      assertThatThrownBy(() -> log.consistencyProof(size, 2)).hasMessageStartingWith("first: ");
    }
  }

  @Test
  void isReadyOnlyWhileTheSignedHeadCoversTheLogWithinTheBound() {
    try (Store store = Stores.open(new org.wuzhen.store.StoreConfig.Sqlite(dir))) {
      TransparencyLog log = new TransparencyLog(store, KEY, Clock.systemUTC());
      assertThat(log.readinessProblem(0)).hasValue("no tree head signed yet");
      log.refresh();
      assertThat(log.readinessProblem(0)).isEmpty();

      store.add(collection(store), identities(3));
      assertThat(log.unsignedLeaves()).isEqualTo(3);
      assertThat(log.readinessProblem(3)).isEmpty();
      assertThat(log.readinessProblem(2))
          .hasValue("3 leaves are not in a signed tree head (at most 2)");
      log.refresh();
      assertThat(log.readinessProblem(0)).isEmpty();
    }
  }
}
