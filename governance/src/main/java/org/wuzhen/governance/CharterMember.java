package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.transparency.Ed25519Keys;

/**
 * A member of the community as the charter lists it: its name, its STIX identity id, the address
 * space it owns (a false-positive report from the owner can uphold a dispute at once), and the
 * Ed25519 public keys its signatures are checked with (several while a rotation is under way).
 */
public record CharterMember(
    String name, String identityId, List<IpNetwork> addressSpace, List<PublicKey> publicKeys) {
  public CharterMember {
    requireNonNull(name, "name");
    requireNonNull(identityId, "identityId");
    addressSpace = List.copyOf(addressSpace);
    publicKeys = List.copyOf(publicKeys);
    if (name.isBlank()) {
      throw new GovernanceException("member name: must not be blank");
    }
    checkKeys(publicKeys, "member " + name + ": public_keys");
  }

  /** Ed25519 keys only (the signature scheme), each listed once. */
  private static void checkKeys(List<PublicKey> keys, String where) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!(keys.get(i) instanceof EdECPublicKey ed)
          || !ed.getParams().getName().equals("Ed25519")) {
        throw new GovernanceException(where + "[" + i + "]: not an Ed25519 key");
      }
      String id = Ed25519Keys.keyId(keys.get(i));
      if (!ids.add(id)) {
        throw new GovernanceException(where + "[" + i + "]: key " + id + " is listed twice");
      }
    }
  }

  public CharterMember(String name, String identityId, List<IpNetwork> addressSpace) {
    this(name, identityId, addressSpace, List.of());
  }

  public CharterMember(String name, String identityId) {
    this(name, identityId, List.of(), List.of());
  }

  /** The same member with these keys instead of its own (a key rotation). */
  public CharterMember withKeys(List<PublicKey> keys) {
    return new CharterMember(name, identityId, addressSpace, keys);
  }

  /** True when one of the member's networks contains this network. */
  public boolean owns(IpNetwork network) {
    return addressSpace.stream().anyMatch(n -> n.contains(network));
  }

  JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("name", name).put("identity_ref", identityId);
    if (!addressSpace.isEmpty()) {
      b.put(
          "address_space",
          new JsonArray(
              addressSpace.stream().map(n -> (JsonValue) new JsonString(cidr(n))).toList()));
    }
    if (!publicKeys.isEmpty()) {
      b.put("public_keys", keysJson(publicKeys));
    }
    return b.build();
  }

  static JsonArray keysJson(List<PublicKey> keys) {
    return new JsonArray(
        keys.stream().map(k -> (JsonValue) new JsonString(Ed25519Keys.encodePublic(k))).toList());
  }

  /**
   * Reads {@code public_keys}: a list of base64 SPKI Ed25519 public keys (what {@code wuzhen keys
   * create} prints), each named by its index in a message.
   */
  static List<PublicKey> parseKeys(JsonObject o, String where) {
    if (o.get("public_keys").isEmpty()) {
      return List.of();
    }
    List<JsonValue> items =
        o.array("public_keys")
            .map(JsonArray::elements)
            .orElseThrow(
                () ->
                    new GovernanceException(
                        where + ".public_keys: expected a list of base64 Ed25519 public keys"));
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = where + ".public_keys[" + i + "]";
      if (!(items.get(i) instanceof JsonString s)) {
        throw new GovernanceException(at + ": expected a base64 Ed25519 public key (SPKI)");
      }
      try {
        keys.add(Ed25519Keys.parsePublic(s.value(), at));
      } catch (IllegalArgumentException e) {
        throw new GovernanceException(e.getMessage());
      }
    }
    checkKeys(keys, where + ".public_keys");
    return List.copyOf(keys);
  }

  /** CIDR text of a network (IpNetwork's own toString is not CIDR). */
  static String cidr(IpNetwork n) {
    try {
      return InetAddress.getByAddress(n.address()).getHostAddress() + "/" + n.prefix();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an IpNetwork holds 4 or 16 bytes", e);
    }
  }

  /**
   * Reads a member: {@code {"name": .., "identity_ref": .., "address_space": [CIDR..],
   * "public_keys": [base64 SPKI..]}}.
   *
   * @throws GovernanceException naming {@code where} and the field
   */
  public static CharterMember parse(JsonValue json, String where) {
    if (!(json instanceof JsonObject o)) {
      throw new GovernanceException(where + ": expected an object with name and identity_ref");
    }
    String name =
        o.string("name")
            .filter(s -> !s.isBlank())
            .orElseThrow(() -> new GovernanceException(where + ".name: missing or not a string"));
    String identity =
        o.string("identity_ref")
            .orElseThrow(
                () -> new GovernanceException(where + ".identity_ref: missing or not a string"));
    try {
      if (!StixId.parse(identity).type().equals("identity")) {
        throw new GovernanceException(
            where + ".identity_ref: '" + identity + "' is not an identity id");
      }
    } catch (StixFormatException e) {
      throw new GovernanceException(where + ".identity_ref: " + e.getMessage());
    }
    List<IpNetwork> networks = new ArrayList<>();
    List<String> texts = o.strings("address_space");
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      Optional<IpNetwork> n = IpNetwork.parse(text);
      if (n.isEmpty()) {
        throw new GovernanceException(
            where + ".address_space[" + i + "]: '" + text + "' is not an IP network (CIDR)");
      }
      networks.add(n.get());
    }
    return new CharterMember(name, identity, networks, parseKeys(o, where));
  }
}
