package org.wuzhen.taxii;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.wuzhen.store.PageCursor;

/**
 * What makes the API stateless between requests: HMAC-SHA256 under the node's signing key over
 * {@code next} tokens and status ids, so any process of the node, before or after a restart, can
 * check what another issued, and no client can forge or alter them.
 *
 * <p>A {@code next} token is base64url of {@code [1][filter digest 8][date_added 8][version 8][id
 * UTF-8][MAC 16]}: the keyset position of the last item of the page plus a digest of the query's
 * filters, so it only continues the query it came from. A status id is a UUIDv4 whose last 8 bytes
 * are a MAC of its first 8 and the posting member's name, so only that member can read it.
 * Immutable and thread-safe.
 */
final class Signer {
  private static final byte TOKEN_FORMAT = 1;
  private static final int DIGEST_BYTES = 8;
  private static final int MAC_BYTES = 16;
  private static final int HEADER_BYTES = 1 + DIGEST_BYTES + 8 + 8;
  private static final int MAX_TOKEN_CHARS = 2048;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  Signer(byte[] signingKey) {
    this.key = new SecretKeySpec(signingKey, "HmacSHA256");
  }

  /** The first bytes of SHA-256 over a query's canonical filter text. */
  static byte[] filterDigest(String canonicalFilters) {
    return Arrays.copyOf(
        Tokens.sha256(canonicalFilters.getBytes(StandardCharsets.UTF_8)), DIGEST_BYTES);
  }

  String issueNext(PageCursor cursor, byte[] filterDigest) {
    byte[] id = cursor.id().getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(HEADER_BYTES + id.length);
    payload.put(TOKEN_FORMAT).put(filterDigest, 0, DIGEST_BYTES);
    payload.putLong(cursor.dateAddedMicros()).putLong(cursor.versionMicros()).put(id);
    byte[] body = payload.array();
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac("next", body), 0, token, body.length, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * The cursor a {@code next} token holds.
   *
   * @throws TaxiiError 400 when the token is malformed, altered, from another node, or issued for
   *     other filters
   */
  PageCursor verifyNext(String token, byte[] filterDigest) {
    byte[] raw;
    try {
      if (token.length() > MAX_TOKEN_CHARS) {
        throw new IllegalArgumentException("too long");
      }
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw notIssuedHere(token);
    }
    if (raw.length < HEADER_BYTES + 1 + MAC_BYTES || raw[0] != TOKEN_FORMAT) {
      throw notIssuedHere(token);
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] given = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(given, Arrays.copyOf(mac("next", body), MAC_BYTES))) {
      throw notIssuedHere(token);
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    b.get();
    byte[] digest = new byte[DIGEST_BYTES];
    b.get(digest);
    if (!MessageDigest.isEqual(digest, filterDigest)) {
      throw TaxiiError.badRequest(
          "next: the token was issued for a different query; repeat the request that returned it"
              + " with the same added_after and match[...] filters");
    }
    long dateAdded = b.getLong();
    long version = b.getLong();
    String id;
    try {
      id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(b)
              .toString();
    } catch (CharacterCodingException e) {
      throw notIssuedHere(token);
    }
    return new PageCursor(dateAdded, id, version);
  }

  private static TaxiiError notIssuedHere(String token) {
    String shown = token.length() > 40 ? token.substring(0, 40) + "..." : token;
    return TaxiiError.badRequest(
        "next: '" + shown + "' is not a token this node issued (altered, truncated or foreign)");
  }

  /** A new status id that only {@code memberName} will be able to read. */
  String newStatusId(String memberName) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    byte[] mac = statusMac(Arrays.copyOf(b, 8), memberName);
    System.arraycopy(mac, 0, b, 8, 8);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new UUID(buf.getLong(), buf.getLong()).toString();
  }

  /** True when the status id was issued by this node for {@code memberName}. */
  boolean statusBelongsTo(String statusId, String memberName) {
    UUID uuid;
    try {
      if (statusId.length() != 36) {
        return false;
      }
      uuid = UUID.fromString(statusId);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] b =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
    byte[] expected = statusMac(Arrays.copyOf(b, 8), memberName);
    expected[0] = (byte) ((expected[0] & 0x3f) | 0x80);
    return MessageDigest.isEqual(Arrays.copyOfRange(b, 8, 16), Arrays.copyOf(expected, 8));
  }

  private byte[] statusMac(byte[] head, String memberName) {
    byte[] name = memberName.getBytes(StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOf(head, head.length + name.length);
    System.arraycopy(name, 0, data, head.length, name.length);
    return mac("status", data);
  }

  private byte[] mac(String purpose, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 with a " + "raw key is always available", e);
    }
  }
}
