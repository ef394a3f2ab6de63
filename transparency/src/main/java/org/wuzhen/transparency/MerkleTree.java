package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.wuzhen.store.LogHash;

/**
 * The Merkle tree of RFC 9162 §2.1: leaf and node hashes, the tree head MTH of any size, and
 * inclusion and consistency proofs, computed from complete-subtree hashes ({@link SubtreeSource})
 * so that each needs O(log n) of them whatever the size of the log. Stateless.
 */
final class MerkleTree {
  /** MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1). */
  public static final LogHash EMPTY_ROOT = new LogHash(sha256().digest());

  private MerkleTree() {}

  // One digest per thread: the indexer hashes about two nodes per leaf, and looking SHA-256 up
  // through the security providers each time cost more than the hashing.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(MerkleTree::sha256);

  /** SHA-256(0x00 || data). */
  public static LogHash leafHash(byte[] data) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 0x00);
    return new LogHash(sha.digest(data));
  }

  /**
   * The leaf hash of a record as docs/transparency.md defines the leaf data: the salt's 32 bytes,
   * when the leaf has one, then the record as UTF-8.
   */
  static LogHash leafHash(java.util.Optional<LogHash> salt, String record) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 0x00);
    salt.ifPresent(s -> s.updateDigest(sha));
    return new LogHash(sha.digest(record.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** SHA-256(0x01 || left || right). */
  public static LogHash nodeHash(LogHash left, LogHash right) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 0x01);
    left.updateDigest(sha);
    right.updateDigest(sha);
    return new LogHash(sha.digest());
  }

  /** MTH(D[size]). */
  public static LogHash root(SubtreeSource source, long size) {
    requireNonNull(source, "source");
    if (size < 0) {
      throw new IllegalArgumentException("tree size is negative: " + size);
    }
    return size == 0 ? EMPTY_ROOT : rangeHash(source, 0, size);
  }

  /** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf {@code index} in a tree of size. */
  public static List<LogHash> inclusionProof(SubtreeSource source, long index, long size) {
    requireNonNull(source, "source");
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + size);
    }
    List<LogHash> path = new ArrayList<>();
    // Walk down from the root; siblings come out root-first, the proof lists them leaf-first.
    long start = 0;
    long end = size;
    while (end - start > 1) {
      long k = largestPowerOfTwoBelow(end - start);
      if (index < start + k) {
        path.add(rangeHash(source, start + k, end));
        end = start + k;
      } else {
        path.add(rangeHash(source, start, start + k));
        start = start + k;
      }
    }
    return reversed(path);
  }

  /**
   * PROOF(m, D[n]) of RFC 9162 §2.1.4.1; empty when {@code first} is 0 or equals {@code second}.
   */
  public static List<LogHash> consistencyProof(SubtreeSource source, long first, long second) {
    requireNonNull(source, "source");
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "first tree size " + first + " is not in 0.." + second + " (the second size)");
    }
    List<LogHash> proof = new ArrayList<>();
    if (first == 0 || first == second) {
      return proof;
    }
    // SUBPROOF(m, D[start:end], complete), unrolled: it recurses into one half each step.
    long m = first;
    long start = 0;
    long end = second;
    boolean complete = true;
    while (true) {
      long n = end - start;
      if (m == n) {
        if (!complete) {
          proof.add(rangeHash(source, start, end));
        }
        break;
      }
      long k = largestPowerOfTwoBelow(n);
      if (m <= k) {
        proof.add(rangeHash(source, start + k, end));
        end = start + k;
      } else {
        proof.add(rangeHash(source, start, start + k));
        m -= k;
        start += k;
        complete = false;
      }
    }
    return reversed(proof);
  }

  /**
   * MTH(D[start:end]) for a range the RFC's decomposition produces: its start is a multiple of the
   * largest power of two not above its length, so it splits into at most log n complete subtrees.
   */
  static LogHash rangeHash(SubtreeSource source, long start, long end) {
    long n = end - start;
    if (Long.bitCount(n) == 1 && start % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return source.subtree(level, start >>> level);
    }
    long k = largestPowerOfTwoBelow(n);
    return nodeHash(rangeHash(source, start, start + k), rangeHash(source, start + k, end));
  }

  /** The largest power of two strictly below {@code n} (n >= 2). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static List<LogHash> reversed(List<LogHash> hashes) {
    return List.copyOf(hashes.reversed());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
