package org.wuzhen.stix;

import static org.wuzhen.stix.ValueKind.BINARY;
import static org.wuzhen.stix.ValueKind.BOOLEAN;
import static org.wuzhen.stix.ValueKind.DICTIONARY;
import static org.wuzhen.stix.ValueKind.HASHES;
import static org.wuzhen.stix.ValueKind.HEX;
import static org.wuzhen.stix.ValueKind.INTEGER;
import static org.wuzhen.stix.ValueKind.OBJECT;
import static org.wuzhen.stix.ValueKind.OBJECT_LIST;
import static org.wuzhen.stix.ValueKind.REFERENCE;
import static org.wuzhen.stix.ValueKind.REFERENCE_LIST;
import static org.wuzhen.stix.ValueKind.STRING;
import static org.wuzhen.stix.ValueKind.STRING_LIST;
import static org.wuzhen.stix.ValueKind.TIMESTAMP;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 18 STIX 2.1 cyber-observable types (§6): their properties with value kinds, their
 * ID-contributing properties (§6, "ID Contributing Properties") and the types each reference may
 * point at. Used by the validator, the deterministic id computation and the pattern checker.
 */
public final class ScoCatalog {

  /** One SCO type. */
  public record ScoType(
      String name,
      Map<String, ValueKind> properties,
      List<String> idContributing,
      Map<String, Set<String>> referenceTargets) {
    public ScoType {
      properties = Map.copyOf(properties);
      idContributing = List.copyOf(idContributing);
      referenceTargets = Map.copyOf(referenceTargets);
    }

    public Optional<ValueKind> property(String name) {
      ValueKind own = properties.get(name);
      return Optional.ofNullable(own != null ? own : COMMON.get(name));
    }
  }

  /** Properties every SCO may have (§3.2, §6 common properties). */
  public static final Map<String, ValueKind> COMMON =
      Map.of(
          "type", STRING,
          "id", STRING,
          "spec_version", STRING,
          "object_marking_refs", REFERENCE_LIST,
          "granular_markings", OBJECT_LIST,
          "defanged", BOOLEAN,
          "extensions", OBJECT);

  private static final Set<String> IP_TARGETS = Set.of("ipv4-addr", "ipv6-addr");
  private static final Map<String, ScoType> TYPES = new LinkedHashMap<>();

  static {
    add(
        "artifact",
        Map.of(
            "mime_type", STRING,
            "payload_bin", BINARY,
            "url", STRING,
            "hashes", HASHES,
            "encryption_algorithm", STRING,
            "decryption_key", STRING),
        List.of("hashes", "payload_bin"),
        Map.of());
    add(
        "autonomous-system",
        Map.of("number", INTEGER, "name", STRING, "rir", STRING),
        List.of("number"),
        Map.of());
    add(
        "directory",
        Map.of(
            "path", STRING,
            "path_enc", STRING,
            "ctime", TIMESTAMP,
            "mtime", TIMESTAMP,
            "atime", TIMESTAMP,
            "contains_refs", REFERENCE_LIST),
        List.of("path"),
        Map.of("contains_refs", Set.of("file", "directory")));
    add(
        "domain-name",
        Map.of("value", STRING, "resolves_to_refs", REFERENCE_LIST),
        List.of("value"),
        Map.of("resolves_to_refs", Set.of("ipv4-addr", "ipv6-addr", "domain-name")));
    add(
        "email-addr",
        Map.of("value", STRING, "display_name", STRING, "belongs_to_ref", REFERENCE),
        List.of("value"),
        Map.of("belongs_to_ref", Set.of("user-account")));
    Map<String, ValueKind> email = new LinkedHashMap<>();
    email.put("is_multipart", BOOLEAN);
    email.put("date", TIMESTAMP);
    email.put("content_type", STRING);
    email.put("from_ref", REFERENCE);
    email.put("sender_ref", REFERENCE);
    email.put("to_refs", REFERENCE_LIST);
    email.put("cc_refs", REFERENCE_LIST);
    email.put("bcc_refs", REFERENCE_LIST);
    email.put("message_id", STRING);
    email.put("subject", STRING);
    email.put("received_lines", STRING_LIST);
    email.put("additional_header_fields", DICTIONARY);
    email.put("body", STRING);
    email.put("body_multipart", OBJECT_LIST);
    email.put("raw_email_ref", REFERENCE);
    add(
        "email-message",
        email,
        List.of("from_ref", "subject", "body"),
        Map.of(
            "from_ref", Set.of("email-addr"),
            "sender_ref", Set.of("email-addr"),
            "to_refs", Set.of("email-addr"),
            "cc_refs", Set.of("email-addr"),
            "bcc_refs", Set.of("email-addr"),
            "raw_email_ref", Set.of("artifact")));
    Map<String, ValueKind> file = new LinkedHashMap<>();
    file.put("hashes", HASHES);
    file.put("size", INTEGER);
    file.put("name", STRING);
    file.put("name_enc", STRING);
    file.put("magic_number_hex", HEX);
    file.put("mime_type", STRING);
    file.put("ctime", TIMESTAMP);
    file.put("mtime", TIMESTAMP);
    file.put("atime", TIMESTAMP);
    file.put("parent_directory_ref", REFERENCE);
    file.put("contains_refs", REFERENCE_LIST);
    file.put("content_ref", REFERENCE);
    add(
        "file",
        file,
        List.of("hashes", "name", "extensions", "parent_directory_ref"),
        Map.of(
            "parent_directory_ref", Set.of("directory"),
            "content_ref", Set.of("artifact")));
    add(
        "ipv4-addr",
        Map.of(
            "value", STRING, "resolves_to_refs", REFERENCE_LIST, "belongs_to_refs", REFERENCE_LIST),
        List.of("value"),
        Map.of(
            "resolves_to_refs", Set.of("mac-addr"),
            "belongs_to_refs", Set.of("autonomous-system")));
    add(
        "ipv6-addr",
        Map.of(
            "value", STRING, "resolves_to_refs", REFERENCE_LIST, "belongs_to_refs", REFERENCE_LIST),
        List.of("value"),
        Map.of(
            "resolves_to_refs", Set.of("mac-addr"),
            "belongs_to_refs", Set.of("autonomous-system")));
    add("mac-addr", Map.of("value", STRING), List.of("value"), Map.of());
    add("mutex", Map.of("name", STRING), List.of("name"), Map.of());
    Map<String, ValueKind> traffic = new LinkedHashMap<>();
    traffic.put("start", TIMESTAMP);
    traffic.put("end", TIMESTAMP);
    traffic.put("is_active", BOOLEAN);
    traffic.put("src_ref", REFERENCE);
    traffic.put("dst_ref", REFERENCE);
    traffic.put("src_port", INTEGER);
    traffic.put("dst_port", INTEGER);
    traffic.put("protocols", STRING_LIST);
    traffic.put("src_byte_count", INTEGER);
    traffic.put("dst_byte_count", INTEGER);
    traffic.put("src_packets", INTEGER);
    traffic.put("dst_packets", INTEGER);
    traffic.put("ipfix", DICTIONARY);
    traffic.put("src_payload_ref", REFERENCE);
    traffic.put("dst_payload_ref", REFERENCE);
    traffic.put("encapsulates_refs", REFERENCE_LIST);
    traffic.put("encapsulated_by_ref", REFERENCE);
    Set<String> endpoints = Set.of("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");
    add(
        "network-traffic",
        traffic,
        List.of(
            "start",
            "end",
            "src_ref",
            "dst_ref",
            "src_port",
            "dst_port",
            "protocols",
            "extensions"),
        Map.of(
            "src_ref", endpoints,
            "dst_ref", endpoints,
            "src_payload_ref", Set.of("artifact"),
            "dst_payload_ref", Set.of("artifact"),
            "encapsulates_refs", Set.of("network-traffic"),
            "encapsulated_by_ref", Set.of("network-traffic")));
    Map<String, ValueKind> process = new LinkedHashMap<>();
    process.put("is_hidden", BOOLEAN);
    process.put("pid", INTEGER);
    process.put("created_time", TIMESTAMP);
    process.put("cwd", STRING);
    process.put("command_line", STRING);
    process.put("environment_variables", DICTIONARY);
    process.put("opened_connection_refs", REFERENCE_LIST);
    process.put("creator_user_ref", REFERENCE);
    process.put("image_ref", REFERENCE);
    process.put("parent_ref", REFERENCE);
    process.put("child_refs", REFERENCE_LIST);
    add(
        "process",
        process,
        List.of(),
        Map.of(
            "opened_connection_refs", Set.of("network-traffic"),
            "creator_user_ref", Set.of("user-account"),
            "image_ref", Set.of("file"),
            "parent_ref", Set.of("process"),
            "child_refs", Set.of("process")));
    add(
        "software",
        Map.of(
            "name", STRING,
            "cpe", STRING,
            "swid", STRING,
            "languages", STRING_LIST,
            "vendor", STRING,
            "version", STRING),
        List.of("name", "cpe", "swid", "vendor", "version"),
        Map.of());
    add("url", Map.of("value", STRING), List.of("value"), Map.of());
    Map<String, ValueKind> account = new LinkedHashMap<>();
    account.put("user_id", STRING);
    account.put("credential", STRING);
    account.put("account_login", STRING);
    account.put("account_type", STRING);
    account.put("display_name", STRING);
    account.put("is_service_account", BOOLEAN);
    account.put("is_privileged", BOOLEAN);
    account.put("can_escalate_privs", BOOLEAN);
    account.put("is_disabled", BOOLEAN);
    account.put("account_created", TIMESTAMP);
    account.put("account_expires", TIMESTAMP);
    account.put("credential_last_changed", TIMESTAMP);
    account.put("account_first_login", TIMESTAMP);
    account.put("account_last_login", TIMESTAMP);
    add("user-account", account, List.of("account_type", "user_id", "account_login"), Map.of());
    add(
        "windows-registry-key",
        Map.of(
            "key", STRING,
            "values", OBJECT_LIST,
            "modified_time", TIMESTAMP,
            "creator_user_ref", REFERENCE,
            "number_of_subkeys", INTEGER),
        List.of("key", "values"),
        Map.of("creator_user_ref", Set.of("user-account")));
    Map<String, ValueKind> cert = new LinkedHashMap<>();
    cert.put("is_self_signed", BOOLEAN);
    cert.put("hashes", HASHES);
    cert.put("version", STRING);
    cert.put("serial_number", STRING);
    cert.put("signature_algorithm", STRING);
    cert.put("issuer", STRING);
    cert.put("validity_not_before", TIMESTAMP);
    cert.put("validity_not_after", TIMESTAMP);
    cert.put("subject", STRING);
    cert.put("subject_public_key_algorithm", STRING);
    cert.put("subject_public_key_modulus", STRING);
    cert.put("subject_public_key_exponent", INTEGER);
    cert.put("x509_v3_extensions", OBJECT);
    add("x509-certificate", cert, List.of("hashes", "serial_number"), Map.of());
    if (TYPES.size() != 18) {
      throw new AssertionError("STIX 2.1 defines 18 SCO types, catalog has " + TYPES.size());
    }
  }

  private ScoCatalog() {}

  private static void add(
      String name,
      Map<String, ValueKind> properties,
      List<String> idContributing,
      Map<String, Set<String>> referenceTargets) {
    TYPES.put(name, new ScoType(name, properties, idContributing, referenceTargets));
  }

  public static Optional<ScoType> get(String type) {
    return Optional.ofNullable(TYPES.get(type));
  }

  public static boolean isSco(String type) {
    return TYPES.containsKey(type);
  }

  /** All 18 types, in the specification's order. */
  public static List<ScoType> all() {
    return List.copyOf(TYPES.values());
  }
}
