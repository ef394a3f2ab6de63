package org.wuzhen.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixBundle;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.Tokens;
import org.wuzhen.transparency.Ed25519Keys;

/**
 * A small community for trying a node: three member organisations with one user and one token each,
 * collections with different permissions, and MITRE ATT&CK for ICS in a shared collection.
 */
public final class DemoCommunity {

  /**
   * One demo user's credentials, as written to demo-credentials.json, with the member's signing key
   * file (0600; its public key is in the founding charter).
   */
  public record Credentials(
      String member, String user, String password, String token, Path keyFile) {}

  /**
   * What was created: the credentials (first: read and write on the shared collection) and each
   * member's key pair by member name.
   */
  public record Created(
      List<Credentials> credentials, List<CollectionInfo> collections, Map<String, KeyPair> keys) {
    public Created {
      credentials = List.copyOf(credentials);
      collections = List.copyOf(collections);
      keys = Map.copyOf(keys);
    }
  }

  private record DemoMember(String name, String organisation, String user, String sector) {}

  private static final List<DemoMember> MEMBERS =
      List.of(
          new DemoMember("cert-nat", "National CERT", "alice", "government-national"),
          new DemoMember("isac-energy", "Energy ISAC", "bob", "energy"),
          new DemoMember("corp-soc", "Example Corp SOC", "carol", "technology"));

  /** The file that marks a data directory as the demo's. */
  public static final String MARKER = ".wuzhen-demo";

  /** Where the demo members' signing keys go, inside the demo data directory. */
  public static final String KEY_DIRECTORY = "member-keys";

  private DemoCommunity() {}

  /** Creates the community; each member's key goes to {@code keyDirectory}/MEMBER.key (0600). */
  public static Created create(Store store, PasswordHasher hasher, Path keyDirectory) {
    SecureRandom random = new SecureRandom();
    Map<String, KeyPair> keys = new LinkedHashMap<>();
    String now = StixTimestamp.ofMillis(Instant.now()).text();
    List<StixObject> identities = new ArrayList<>();
    List<Credentials> credentials = new ArrayList<>();
    for (DemoMember m : MEMBERS) {
      StixObject identity = identity(m, now);
      identities.add(identity);
      store.addMember(new Member(m.name(), identity.id().text()));
      String password = PasswordHasher.randomPassword(random);
      store.addUser(
          new User(m.user(), m.name(), hasher.hash(password), m.name().equals("cert-nat")));
      String token = Tokens.generate();
      store.addToken(
          new ApiToken("tok-" + m.user(), m.user(), Tokens.hash(token), Instant.now(), false));
      Path keyFile = keyDirectory.resolve(m.name() + ".key");
      try {
        keys.put(m.name(), Ed25519Keys.loadOrCreate(keyFile));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the demo key " + keyFile, e);
      }
      credentials.add(new Credentials(m.name(), m.user(), password, token, keyFile));
    }

    CollectionInfo shared =
        collection(
            store,
            "Community shared",
            "Everything the community shares: every member reads and writes.",
            "shared");
    CollectionInfo attack =
        collection(
            store,
            "MITRE ATT&CK for ICS",
            "MITRE ATT&CK for ICS (read by all, maintained by the National CERT).",
            "attack-ics");
    CollectionInfo internal =
        collection(
            store,
            "National CERT internal",
            "Only the National CERT's own users.",
            "cert-nat-internal");
    CollectionInfo sector =
        collection(
            store,
            "Energy sector",
            "The Energy ISAC writes; its member companies read.",
            "energy-sector");
    for (DemoMember m : MEMBERS) {
      grant(store, shared, m.name(), true, true);
      grant(store, attack, m.name(), true, m.name().equals("cert-nat"));
    }
    grant(store, internal, "cert-nat", true, true);
    grant(store, sector, "isac-energy", true, true);
    grant(store, sector, "corp-soc", true, false);

    store.add(shared.id(), identities);
    store.add(attack.id(), attackIcs());
    return new Created(credentials, List.of(shared, attack, internal, sector), keys);
  }

  /**
   * Empties a previous demo's data directory, refusing to touch one that a demo did not create (it
   * must then be empty or absent), and marks it as the demo's. The file named {@code kept} (the
   * node's lock file, which the caller holds while the demo runs) is neither counted nor deleted:
   * deleting a held lock file would let a second demo lock a new one and empty the first's data.
   *
   * @throws IllegalStateException when the directory holds something else
   */
  public static void resetDirectory(Path dir, String kept) throws IOException {
    Path keptFile = dir.resolve(kept);
    if (Files.exists(dir)) {
      if (!Files.exists(dir.resolve(MARKER))) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.anyMatch(p -> !p.equals(keptFile))) {
            throw new IllegalStateException(
                "it is not empty and was not created by --demo; remove it or choose another --data");
          }
        }
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(dir) && !p.equals(keptFile)) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(MARKER), "created by wuzhen serve --demo; replaced on the next demo start\n");
  }

  /** The credentials as the JSON list demo-credentials.json holds. */
  public static JsonValue credentialsJson(List<Credentials> credentials) {
    List<JsonValue> out = new ArrayList<>();
    for (Credentials c : credentials) {
      out.add(
          JsonObject.builder()
              .put("member", c.member())
              .put("user", c.user())
              .put("password", c.password())
              .put("token", c.token())
              .put("key_file", c.keyFile().toString())
              .build());
    }
    return new JsonArray(out);
  }

  private static StixObject identity(DemoMember m, String now) {
    String id = "identity--" + UUID.randomUUID();
    return StixObject.from(
        JsonObject.builder()
            .put("type", "identity")
            .put("spec_version", "2.1")
            .put("id", id)
            .put("created_by_ref", id)
            .put("created", now)
            .put("modified", now)
            .put("name", m.organisation())
            .put("identity_class", "organization")
            .put("sectors", new JsonArray(List.of(new org.wuzhen.stix.JsonString(m.sector()))))
            .build());
  }

  private static CollectionInfo collection(
      Store store, String title, String description, String alias) {
    return store.createCollection(
        new CollectionInfo(
            CollectionId.random(),
            title,
            Optional.of(description),
            Optional.of(alias),
            List.of(CollectionInfo.STIX_21)));
  }

  private static void grant(
      Store store, CollectionInfo c, String member, boolean read, boolean write) {
    store.grant(new Permission(c.id(), Principal.member(member), read, write));
  }

  private static List<StixObject> attackIcs() {
    try (InputStream in = DemoCommunity.class.getResourceAsStream("/demo/ics-attack.json")) {
      if (in == null) {
        throw new IllegalStateException("the ATT&CK ICS bundle is missing from the wuzhen jar");
      }
      return StixBundle.from(Json.parse(in.readAllBytes())).objects();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
