package org.wuzhen.stix;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A STIX identifier {@code type--uuid}. Parsing checks the type syntax and that the UUID is an RFC
 * 4122 UUID (version 1-5, variant 10); which version a type needs is the validator's concern. The
 * UUID's text is kept as written (real data such as ATT&CK has upper-case hex digits), so ids
 * compare as the exact strings TAXII and STIX compare.
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
