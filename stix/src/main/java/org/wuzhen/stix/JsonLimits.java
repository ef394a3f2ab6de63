package org.wuzhen.stix;

/**
 * Bounds the reader enforces on untrusted input, so a hostile document cannot exhaust the stack or
 * the heap.
 *
 * @param maxDepth deepest nesting of objects and arrays
 * @param maxStringLength longest string value or member name, in characters
 * @param maxNumberLength longest number text, in characters
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxNumberLength) {
  /** Far beyond any real STIX document (ATT&CK nests 6 deep), far below a stack overflow. */
  public static final JsonLimits DEFAULT = new JsonLimits(100, 32 * 1024 * 1024, 1000);

  public JsonLimits {
    if (maxDepth < 1 || maxStringLength < 1 || maxNumberLength < 1) {
      throw new IllegalArgumentException("JSON limits must be positive");
    }
  }
}
