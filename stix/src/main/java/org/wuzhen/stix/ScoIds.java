package org.wuzhen.stix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;

/**
 * Deterministic identifiers for cyber-observables (STIX 2.1 §2.9): a UUIDv5 in the STIX namespace
 * over the RFC 8785 canonical JSON of the type's ID-contributing properties. Two producers that see
 * the same observable give it the same id, which is what lets sightings from many members meet.
 */
public final class ScoIds {
  /** STIX 2.1 §2.9: the namespace for SCO UUIDv5 identifiers. */
  public static final UUID NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

  /** §2.9: when several hashes are present, one is chosen in this order of preference. */
  private static final String[] HASH_PREFERENCE = {"MD5", "SHA-1", "SHA-256", "SHA-512"};

  private ScoIds() {}

  /**
   * The deterministic id for an SCO, or empty when its type has no ID-contributing properties or
   * none of them is present (the spec then requires a UUIDv4) or the type is not an SCO.
   */
  public static Optional<StixId> compute(JsonObject sco) {
    Optional<String> type = sco.string("type");
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Optional<ScoCatalog.ScoType> spec = ScoCatalog.get(type.get());
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    JsonObject.Builder contributing = JsonObject.builder();
    boolean any = false;
    for (String property : spec.get().idContributing()) {
      Optional<JsonValue> value = sco.get(property);
      if (value.isEmpty()) {
        continue;
      }
      JsonValue v = value.get();
      if (property.equals("hashes") && v instanceof JsonObject hashes) {
        Optional<JsonObject> chosen = chooseOneHash(hashes);
        if (chosen.isEmpty()) {
          continue;
        }
        v = chosen.get();
      }
      contributing.put(property, v);
      any = true;
    }
    if (!any) {
      return Optional.empty();
    }
    byte[] name = CanonicalJson.writeBytes(contributing.build());
    return Optional.of(new StixId(type.get(), uuidV5(NAMESPACE, name)));
  }

  private static Optional<JsonObject> chooseOneHash(JsonObject hashes) {
    for (String algorithm : HASH_PREFERENCE) {
      Optional<JsonValue> v = hashes.get(algorithm);
      if (v.isPresent()) {
        return Optional.of(JsonObject.builder().put(algorithm, v.get()).build());
      }
    }
    if (hashes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JsonObject.builder().put(hashes.nameAt(0), hashes.valueAt(0)).build());
  }

  /** RFC 4122 §4.3 name-based UUID with SHA-1 (version 5). */
  public static UUID uuidV5(UUID namespace, byte[] name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-1", e);
    }
    sha1.update(toBytes(namespace));
    byte[] hash = sha1.digest(name);
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (hash[i] & 0xff);
      lsb = (lsb << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  public static UUID uuidV5(UUID namespace, String name) {
    return uuidV5(namespace, name.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] toBytes(UUID uuid) {
    byte[] out = new byte[16];
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (msb >>> (56 - 8 * i));
      out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
    }
    return out;
  }
}
