package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A STIX identifier {@code type--uuid}. Parsing checks the type syntax and that the UUID is an RFC
 * 4122 UUID (version 1-5, variant 10); which version a type needs is the validator's concern.
 *
 * <p>Upper-case hex digits in the UUID are refused ({@link #caseProblem}): STIX ids are generated
 * in lower case (RFC 4122 §3 writes UUIDs so), identity matters where ids are compared ({@code
 * created_by_ref} against a member's identity, an object id against its creator), and a node that
 * stored {@code identity--79E1...} beside {@code identity--79e1...} would hold two spellings of one
 * identity. Refusing on input keeps every stored id canonical, so exact string comparison is the
 * right comparison everywhere past this boundary.
 */
public record StixId(String type, UUID uuid, String uuidText) {
  public StixId {
    requireNonNull(type, "type");
    requireNonNull(uuid, "uuid");
    requireNonNull(uuidText, "uuidText");
  }

  /** An id with the UUID in its canonical lower-case form. */
  public StixId(String type, UUID uuid) {
    this(type, uuid, uuid.toString());
  }

  /**
   * Parses an identifier.
   *
   * @throws StixFormatException naming what is wrong
   */
  public static StixId parse(String text) {
    int sep = text.indexOf("--");
    // The type itself may not contain "--", so the first occurrence separates it from the UUID.
    if (sep <= 0) {
      throw new StixFormatException("'" + text + "' is not a STIX id (expected type--uuid)");
    }
    String type = text.substring(0, sep);
    String uuidText = text.substring(sep + 2);
    if (!StixNames.isValidTypeName(type)) {
      throw new StixFormatException("'" + text + "' has an invalid type part '" + type + "'");
    }
    if (!isUuidText(uuidText)) {
      throw new StixFormatException(
          "'" + text + "' does not end in a UUID (8-4-4-4-12 hex digits)");
    }
    Optional<String> upperCase = caseProblem(text);
    if (upperCase.isPresent()) {
      throw new StixFormatException(upperCase.get());
    }
    UUID uuid = UUID.fromString(uuidText);
    if (uuid.version() < 1 || uuid.version() > 5 || uuid.variant() != 2) {
      throw new StixFormatException(
          "'"
              + text
              + "' has a UUID of version "
              + uuid.version()
              + " and variant "
              + uuid.variant()
              + " (STIX needs an RFC 4122 UUID, version 1-5)");
    }
    return new StixId(type, uuid, uuidText);
  }

  /**
   * Why a syntactically valid id (type--uuid) is not in the canonical lower-case form Wuzhen
   * accepts, or empty when it is. The one rule for the case of ids, used by {@link #parse} and by
   * the validator for ids and references alike.
   */
  public static Optional<String> caseProblem(String id) {
    for (int i = Math.max(0, id.length() - 36); i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 'A' && c <= 'F') {
        return Optional.of(
            "'"
                + id
                + "' has upper-case hex digits in its UUID; STIX ids are written in lower case"
                + " and Wuzhen accepts only that (write it as '"
                + id.substring(0, id.length() - 36)
                + id.substring(id.length() - 36).toLowerCase(Locale.ROOT)
                + "')");
      }
    }
    return Optional.empty();
  }

  private static boolean isUuidText(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  public String text() {
    return type + "--" + uuidText;
  }

  @Override
  public String toString() {
    return text();
  }
}
