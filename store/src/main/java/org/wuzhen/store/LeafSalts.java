package org.wuzhen.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The salts of the transparency log's leaves (migration V46, docs/transparency.md): leaf {@code i
 * >= firstLeaf} has the salt HMAC-SHA-256(secret, i as 8 bytes big-endian) and the leaf data {@code
 * salt || record}; leaves before it keep the plain record as leaf data. A salt is a pseudo-random
 * function of the index under a secret that never leaves the store, so showing one leaf's salt to
 * the caller who may read it tells nothing about any other leaf. Thread-safe.
 */
final class LeafSalts {
  private static final String HMAC = "HmacSHA256";

  private final long firstLeaf;
  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(LeafSalts::newSha256);

  private LeafSalts(long firstLeaf, byte[] secret) {
    this.firstLeaf = firstLeaf;
    this.secret = new SecretKeySpec(secret, HMAC);
  }

  /**
   * The salt key of the store, made the first time a store opens a schema without one: salting
   * starts at the log's size then, read under the store_clock lock so no leaf is appended meanwhile
   * (also by another process on one PostgreSQL, which then finds this row).
   */
  static LeafSalts load(Database db) {
    return db.write(
        "load the transparency log's salt key",
        c -> {
          long next = LogRecords.lockAndNextIndex(c, db.dialect);
          Optional<LeafSalts> known = read(c);
          if (known.isPresent()) {
            return known.get();
          }
          byte[] secret = new byte[LogHash.LENGTH];
          new SecureRandom().nextBytes(secret);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO log_salt_key (id, first_leaf, secret) VALUES (1, ?, ?)")) {
            s.setLong(1, next);
            s.setBytes(2, secret);
            s.executeUpdate();
          }
          return new LeafSalts(next, secret);
        });
  }

  private static Optional<LeafSalts> read(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT first_leaf, secret FROM log_salt_key WHERE id = 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        return Optional.empty();
      }
      byte[] secret = r.getBytes(2);
      if (secret == null || secret.length != LogHash.LENGTH) {
        throw new SQLException("log_salt_key: the secret is not 32 bytes; the schema is damaged");
      }
      return Optional.of(new LeafSalts(r.getLong(1), secret));
    }
  }

  /** The salt of leaf {@code index}; empty before salting began. */
  Optional<LogHash> of(long index) {
    if (index < firstLeaf) {
      return Optional.empty();
    }
    return Optional.of(
        new LogHash(mac.get().doFinal(ByteBuffer.allocate(Long.BYTES).putLong(index).array())));
  }

  /** The leaf at {@code index} logging {@code record}, its hash computed over the salted data. */
  LogLeaf leaf(long index, String record, LeafSubject subject) {
    Optional<LogHash> salt = of(index);
    MessageDigest digest = sha256.get();
    digest.update((byte) 0);
    salt.ifPresent(s -> s.updateDigest(digest));
    LogHash hash = new LogHash(digest.digest(record.getBytes(StandardCharsets.UTF_8)));
    return new LogLeaf(index, hash, record, salt, subject);
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance(HMAC);
      m.init(secret);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + HMAC, e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
