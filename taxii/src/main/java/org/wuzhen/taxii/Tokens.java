package org.wuzhen.taxii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API bearer tokens: {@code wz_} plus 32 random bytes in unpadded base64url. The store keeps only
 * {@link #hash(String)}, the lower-case hex SHA-256 of the token's UTF-8 text.
 */
public final class Tokens {
  /** Every token starts with this, so leaked tokens are easy to recognise and scan for. */
  public static final String PREFIX = "wz_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new random token; show it to its owner once and store only its hash. */
  public static String generate() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** Lower-case hex SHA-256 of the token text: what {@code Store.tokenByHash} looks up. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
