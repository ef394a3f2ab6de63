package org.wuzhen.detect;

/**
 * A field name as {@link JsonTape#field} reads it: the whole name, and its dot-separated parts
 * ({@link ScannedJsonRecord#parts}; null when it walks none). Made once per name. Immutable.
 */
final class FieldPath {
  private static final java.util.Map<String, FieldPath> KNOWN =
      new java.util.concurrent.ConcurrentHashMap<>();

  final MemberName whole;
  final MemberName[] parts;

  private FieldPath(String name) {
    this.whole = MemberName.of(name);
    String[] split = ScannedJsonRecord.parts(name);
    this.parts = split == null ? null : MemberName.of(split);
  }

  static FieldPath of(String name) {
    FieldPath known = KNOWN.get(name);
    if (known == null) {
      known = new FieldPath(name);
      if (KNOWN.size() < 10_000) {
        KNOWN.put(name, known);
      }
    }
    return known;
  }
}
