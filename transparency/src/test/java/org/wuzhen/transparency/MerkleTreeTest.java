package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.wuzhen.store.LogHash;

/**
 * The tree against published vectors and against {@link ReferenceMerkle}, the RFC's recursive
 * definitions transcribed literally.
 *
 * <p>Vectors: the eight-leaf tree of the RFC 6962 reference implementation's test data
 * (certificate-transparency, merkle_tree_test), as republished with inclusion and consistency
 * proofs in transparency-dev/merkle proof/verify_test.go. Leaf indices there are 1-based.
 */
class MerkleTreeTest {
  private static final List<byte[]> LEAVES =
      hex(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  private static final List<String> ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private final MemoryTree tree = new MemoryTree(LEAVES);

  @Test
  void emptyTreeRootIsTheHashOfNothing() {
    assertThat(MerkleTree.root(tree, 0).hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void rootsOfEveryPrefixMatchTheReferenceVectors() {
    for (int size = 1; size <= 8; size++) {
      assertThat(MerkleTree.root(tree, size).hex())
          .as("size %d", size)
          .isEqualTo(ROOTS.get(size - 1));
    }
  }

  @Test
  void inclusionProofsMatchTheReferenceVectors() {
    assertInclusion(
        0,
        8,
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertInclusion(
        5,
        8,
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertInclusion(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    assertInclusion(
        1,
        5,
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertInclusion(0, 1);
  }

  @Test
  void consistencyProofsMatchTheReferenceVectors() {
    assertConsistency(
        1,
        8,
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertConsistency(
        6,
        8,
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertConsistency(
        2,
        5,
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertConsistency(
        6,
        7,
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertConsistency(1, 1);
  }

  @Test
  void trivialConsistencyCasesFollowTheRfc() {
    LogHash a = LogHash.parseHex(ROOTS.get(0));
    LogHash b = LogHash.parseHex(ROOTS.get(1));
    assertThat(MerkleVerifier.verifyConsistency(0, 5, a, b, List.of())).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(3, 3, a, a, List.of())).isTrue();
    assertThat(MerkleVerifier.verifyConsistency(3, 3, a, b, List.of())).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(3, 3, a, a, List.of(a))).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(2, 1, a, b, List.of())).isFalse();
    assertThat(MerkleVerifier.verifyConsistency(1, 2, a, b, List.of())).isFalse();
  }

  /**
   * Sizes 1 to 2,000 with random leaves (the seed draws them): the root and both proofs equal the
   * RFC's recursive definitions, and the verifier accepts them.
   */
  @Test
  void rootAndProofsAgreeWithTheRecursiveDefinitions() {
    qt().withExamples(60)
        .withShrinkCycles(500)
        .forAll(integers().between(1, 2000), longs().all())
        .checkAssert(MerkleTreeTest::agreesWithTheRecursiveDefinitions);
  }

  private static void agreesWithTheRecursiveDefinitions(int size, long seed) {
    Random random = new Random(seed);
    List<byte[]> leaves = randomLeaves(random, size);
    MemoryTree stored = new MemoryTree(leaves);
    int index = random.nextInt(size);
    int first = 1 + random.nextInt(size);
    LogHash root = ReferenceMerkle.mth(leaves);
    List<LogHash> inclusion = MerkleTree.inclusionProof(stored, index, size);
    List<LogHash> consistency = MerkleTree.consistencyProof(stored, first, size);

    assertThat(MerkleTree.root(stored, size)).isEqualTo(root);
    assertThat(inclusion).isEqualTo(ReferenceMerkle.path(index, leaves));
    assertThat(consistency).isEqualTo(ReferenceMerkle.proof(first, leaves));
    assertThat(
            MerkleVerifier.verifyInclusion(
                index, size, MerkleTree.leafHash(leaves.get(index)), inclusion, root))
        .isTrue();
    assertThat(
            MerkleVerifier.verifyConsistency(
                first, size, ReferenceMerkle.mth(leaves.subList(0, first)), root, consistency))
        .isTrue();
  }

  /**
   * Leaves streamed one by one (the whole-tree and full audits) give the recursive definition's
   * root at every prefix, and report each complete subtree exactly as the stored tree has it.
   */
  @Test
  void aStreamedTreeHasTheReferenceRootAtEveryPrefixAndEveryCompleteSubtree() {
    qt().withExamples(40)
        .withShrinkCycles(200)
        .forAll(integers().between(0, 600), longs().all())
        .checkAssert(MerkleTreeTest::streamsLikeTheRecursiveDefinition);
  }

  private static void streamsLikeTheRecursiveDefinition(int size, long seed) {
    List<byte[]> leaves = randomLeaves(new Random(seed), size);
    MemoryTree stored = new MemoryTree(leaves);
    LeafStream stream = new LeafStream();
    assertThat(stream.root()).isEqualTo(MerkleTree.EMPTY_ROOT);
    List<String> completed = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      stream.add(
          MerkleTree.leafHash(leaves.get(i)),
          (level, index, hash) -> {
            assertThat(hash).isEqualTo(stored.subtree(level, index));
            completed.add(level + "/" + index);
          });
      assertThat(stream.size()).isEqualTo(i + 1);
      assertThat(stream.root()).isEqualTo(ReferenceMerkle.mth(leaves.subList(0, i + 1)));
    }
    // Every complete subtree above the leaves, once: n - popcount(n) of them.
    assertThat(completed).doesNotHaveDuplicates().hasSize(size - Integer.bitCount(size));
  }

  @Test
  void everyTamperedProofFailsToVerify() {
    qt().withExamples(200)
        .withShrinkCycles(1000)
        .forAll(CASES)
        .checkAssert(MerkleTreeTest::refusesEveryTampering);
  }

  private static void refusesEveryTampering(Case c) {
    List<byte[]> leaves = randomLeaves(new Random(c.seed()), c.size());
    MemoryTree stored = new MemoryTree(leaves);
    LogHash root = MerkleTree.root(stored, c.size());
    LogHash leaf = MerkleTree.leafHash(leaves.get(c.index()));
    List<LogHash> inclusion = MerkleTree.inclusionProof(stored, c.index(), c.size());
    for (List<LogHash> bad : tamperings(inclusion, root)) {
      assertThat(MerkleVerifier.verifyInclusion(c.index(), c.size(), leaf, bad, root)).isFalse();
    }
    assertThat(MerkleVerifier.verifyInclusion(c.index() + 1, c.size(), leaf, inclusion, root))
        .isFalse();
    // (A proof may also fit a slightly larger size, as the RFC's algorithm only checks the path's
    // shape: the signed tree head binds the root to its size.)
    assertThat(MerkleVerifier.verifyInclusion(c.index(), c.size(), root, inclusion, leaf))
        .isEqualTo(c.size() == 1);

    int first = c.first();
    LogHash firstRoot = MerkleTree.root(stored, first);
    List<LogHash> consistency = MerkleTree.consistencyProof(stored, first, c.size());
    if (first < c.size()) {
      for (List<LogHash> bad : tamperings(consistency, root)) {
        assertThat(MerkleVerifier.verifyConsistency(first, c.size(), firstRoot, root, bad))
            .isFalse();
      }
      LogHash otherRoot = MerkleTree.nodeHash(firstRoot, firstRoot);
      assertThat(MerkleVerifier.verifyConsistency(first, c.size(), otherRoot, root, consistency))
          .isFalse();
      assertThat(
              MerkleVerifier.verifyConsistency(first, c.size(), firstRoot, otherRoot, consistency))
          .isFalse();
    }
  }

  /** A tree size, a leaf index and a first size within it, and the seed of the leaves. */
  record Case(int size, int index, int first, long seed) {}

  private static final Gen<Case> CASES =
      integers()
          .between(1, 2000)
          .flatMap(
              size ->
                  integers()
                      .between(0, size - 1)
                      .zip(
                          integers().between(1, size),
                          longs().all(),
                          (index, first, seed) -> new Case(size, index, first, seed)));

  /** Each proof element flipped, the proof cut short, lengthened, and reordered. */
  private static List<List<LogHash>> tamperings(List<LogHash> proof, LogHash extra) {
    List<List<LogHash>> out = new ArrayList<>();
    for (int i = 0; i < proof.size(); i++) {
      List<LogHash> flipped = new ArrayList<>(proof);
      byte[] bytes = proof.get(i).bytes();
      bytes[i % bytes.length] ^= 0x10;
      flipped.set(i, new LogHash(bytes));
      out.add(flipped);
    }
    if (!proof.isEmpty()) {
      out.add(proof.subList(0, proof.size() - 1));
    }
    List<LogHash> longer = new ArrayList<>(proof);
    longer.add(extra);
    out.add(longer);
    List<LogHash> prefixed = new ArrayList<>(proof);
    prefixed.addFirst(extra);
    out.add(prefixed);
    if (proof.size() > 1 && !proof.get(0).equals(proof.get(1))) {
      List<LogHash> swapped = new ArrayList<>(proof);
      swapped.set(0, proof.get(1));
      swapped.set(1, proof.get(0));
      out.add(swapped);
    }
    return out;
  }

  private void assertInclusion(int index, int size, String... expected) {
    List<LogHash> proof = MerkleTree.inclusionProof(tree, index, size);
    assertThat(proof).extracting(LogHash::hex).containsExactly(expected);
    assertThat(
            MerkleVerifier.verifyInclusion(
                index,
                size,
                MerkleTree.leafHash(LEAVES.get(index)),
                proof,
                LogHash.parseHex(ROOTS.get(size - 1))))
        .isTrue();
  }

  private void assertConsistency(int first, int second, String... expected) {
    List<LogHash> proof = MerkleTree.consistencyProof(tree, first, second);
    assertThat(proof).extracting(LogHash::hex).containsExactly(expected);
    assertThat(
            MerkleVerifier.verifyConsistency(
                first,
                second,
                LogHash.parseHex(ROOTS.get(first - 1)),
                LogHash.parseHex(ROOTS.get(second - 1)),
                proof))
        .isTrue();
  }

  /**
   * Distinct random leaves: each starts with its index, so no two are equal (two equal sibling
   * leaves would let a proof for one verify for the other, as it should).
   */
  private static List<byte[]> randomLeaves(Random random, int size) {
    List<byte[]> leaves = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      byte[] leaf = new byte[4 + random.nextInt(40)];
      random.nextBytes(leaf);
      java.nio.ByteBuffer.wrap(leaf).putInt(i);
      leaves.add(leaf);
    }
    return leaves;
  }

  private static List<byte[]> hex(String... values) {
    List<byte[]> out = new ArrayList<>();
    for (String v : values) {
      out.add(HexFormat.of().parseHex(v));
    }
    return out;
  }
}
