package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixId;

/**
 * An identity made up for this host, the sighter when no member's identity is given. Its id is
 * UUIDv5 over the host name, so runs on one host agree; the object goes out with the sightings so
 * that their references resolve.
 */
public record HostIdentity(StixId id, JsonObject object) {
  /** Namespace of the ids; it was {@code wuzhen detect}'s, and ids made before must not change. */
  static final UUID NAMESPACE = ScoIds.uuidV5(ScoIds.NAMESPACE, "wuzhen detect");

  public HostIdentity {
    requireNonNull(id, "id");
    requireNonNull(object, "object");
  }

  /** The identity of the host this runs on ({@code localhost} when its name cannot be found). */
  public static HostIdentity local() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return of(host);
  }

  static HostIdentity of(String hostName) {
    StixId id = new StixId("identity", ScoIds.uuidV5(NAMESPACE, "host " + hostName));
    return new HostIdentity(
        id,
        JsonObject.builder()
            .put("type", "identity")
            .put("spec_version", "2.1")
            .put("id", id.text())
            .put("created", "2020-01-01T00:00:00.000Z")
            .put("modified", "2020-01-01T00:00:00.000Z")
            .put("name", "Wuzhen detect on " + hostName)
            .put("identity_class", "system")
            .build());
  }
}
