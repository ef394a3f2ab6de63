package org.wuzhen.stix.validate;

import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;

/** Hashes dictionaries (§2.7) of SCOs and external references. */
final class HashChecks {
  private final Findings findings;
  private final ValueChecks values;

  HashChecks(Findings findings, ValueChecks values) {
    this.findings = findings;
    this.values = values;
  }

  /** A hashes dictionary (§2.7): string values; SHOULD: hash-algorithm-ov names, right lengths. */
  void check(JsonObject h, Path at) {
    if (h.isEmpty()) {
      findings.error(at, "empty-dictionary", "a hashes dictionary needs at least one hash");
      return;
    }
    for (int i = 0; i < h.size(); i++) {
      String algorithm = h.nameAt(i);
      if (!(h.valueAt(i) instanceof JsonString s)) {
        values.wrongNestedType(at, algorithm, "a hash string", h.valueAt(i)); // nulls: NullWalk
        continue;
      }
      Integer length = Vocabulary.HASH_HEX_LENGTH.get(algorithm);
      if (length == null) {
        findings.warn(
            at,
            algorithm,
            "hash-algorithm",
            "'"
                + algorithm
                + "' is not in hash-algorithm-ov "
                + Vocabulary.HASH_HEX_LENGTH.keySet().stream().sorted().toList());
      } else if (length > 0 && !hexOfLength(s.value(), algorithm, length)) {
        findings.warn(
            at,
            algorithm,
            "hash-value",
            "'" + s.value() + "' is not a " + algorithm + " digest (" + length + " hex digits)");
      }
    }
  }

  private static boolean hexOfLength(String value, String algorithm, int length) {
    if (algorithm.equals("TLSH") && value.length() == 72 && value.startsWith("T1")) {
      return Syntax.allHex(value.substring(2));
    }
    return value.length() == length && Syntax.allHex(value);
  }
}
