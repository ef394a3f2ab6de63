package org.wuzhen.stix;

/** What a STIX property holds, as far as typed checks (validator, pattern checker) care. */
public enum ValueKind {
  STRING,
  INTEGER,
  FLOAT,
  BOOLEAN,
  TIMESTAMP,
  /** base64 text, compared as bytes; pattern {@code b'...'} literals. */
  BINARY,
  /** hex text, compared as bytes; pattern {@code h'...'} literals. */
  HEX,
  /** An identifier of another object ({@code *_ref}). */
  REFERENCE,
  /** A list of identifiers ({@code *_refs}). */
  REFERENCE_LIST,
  STRING_LIST,
  /** A hashes dictionary: algorithm name to hex text. */
  HASHES,
  /** A dictionary with free keys. */
  DICTIONARY,
  /** A list of embedded objects (e.g. email-message body_multipart). */
  OBJECT_LIST,
  /** An embedded object with its own properties (e.g. extensions, x509_v3_extensions). */
  OBJECT
}
