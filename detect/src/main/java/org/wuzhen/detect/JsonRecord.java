package org.wuzhen.detect;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonValue;

/**
 * A record of a JSON-lines format with nested objects (Suricata EVE, generic JSON lines): a field
 * is found by its literal name first, else by walking nested objects along its dots ({@code
 * tls.sni}); null reads as absent. Read from a parsed tree ({@link JsonZeekRecord}) or straight
 * from the scanned bytes of a line ({@link ScannedJsonRecord}), with the same answers.
 */
interface JsonRecord extends ZeekRecord {
  /** A field's raw value; null reads as absent. */
  Optional<JsonValue> value(String field);

  /** An array of objects (Suricata's {@code dns.answers}) as records; empty when absent. */
  List<JsonRecord> records(String field);
}
