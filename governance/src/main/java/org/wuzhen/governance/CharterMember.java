package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;

/**
 * A member of the community as the charter lists it: its name, its STIX identity id, and the
 * address space it owns (a false-positive report from the owner can uphold a dispute at once).
 */
public record CharterMember(String name, String identityId, List<IpNetwork> addressSpace) {
  public CharterMember {
    requireNonNull(name, "name");
    requireNonNull(identityId, "identityId");
    addressSpace = List.copyOf(addressSpace);
    if (name.isBlank()) {
      throw new GovernanceException("member name: must not be blank");
    }
  }

  public CharterMember(String name, String identityId) {
    this(name, identityId, List.of());
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
    return b.build();
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
   * Reads a member: {@code {"name": .., "identity_ref": .., "address_space": [CIDR..]}}.
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
    return new CharterMember(name, identity, networks);
  }
}
