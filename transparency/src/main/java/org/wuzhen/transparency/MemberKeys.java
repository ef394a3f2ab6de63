package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys of the community's members, keyed by member identity id (the governance charter
 * admits them). Immutable: a changed charter makes a new registry.
 */
public final class MemberKeys {
  public static final MemberKeys NONE = new MemberKeys(Map.of());

  /** A registered key and the member identity it belongs to. */
  public record MemberKey(String memberIdentityId, PublicKey key) {
    public MemberKey {
      requireNonNull(memberIdentityId, "memberIdentityId");
      requireNonNull(key, "key");
    }
  }

  private final Map<String, MemberKey> byKeyId;

  private MemberKeys(Map<String, MemberKey> byKeyId) {
    this.byKeyId = Map.copyOf(byKeyId);
  }

  /** A registry with one more key for the member; a key id registered to another member fails. */
  public MemberKeys with(String memberIdentityId, PublicKey key) {
    MemberKey k = new MemberKey(memberIdentityId, key);
    String keyId = Ed25519Keys.keyId(key);
    MemberKey existing = byKeyId.get(keyId);
    if (existing != null && !existing.memberIdentityId().equals(memberIdentityId)) {
      throw new IllegalArgumentException(
          "key "
              + keyId
              + " is already registered to "
              + existing.memberIdentityId()
              + ", not "
              + memberIdentityId);
    }
    Map<String, MemberKey> copy = new HashMap<>(byKeyId);
    copy.put(keyId, k);
    return new MemberKeys(copy);
  }

  public Optional<MemberKey> byKeyId(String keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }

  public int size() {
    return byKeyId.size();
  }
}
