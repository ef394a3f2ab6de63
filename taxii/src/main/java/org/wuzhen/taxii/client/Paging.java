package org.wuzhen.taxii.client;

import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonValue;

/**
 * What every paged TAXII answer shares (§3.4): {@code more} and {@code next} in the body, the
 * X-TAXII-Date-Added-First and -Last headers.
 */
record Paging(
    boolean more,
    Optional<String> next,
    Optional<String> dateAddedFirst,
    Optional<String> dateAddedLast) {

  /** The paging of an answer whose body is {@code fields}. */
  static Paging of(Answer answer, JsonFields fields) {
    return new Paging(
        fields.optionalBool("more").orElse(false),
        fields.optionalString("next"),
        answer.header("X-TAXII-Date-Added-First"),
        answer.header("X-TAXII-Date-Added-Last"));
  }

  /** The body as an object, or a failure saying it is not the resource expected. */
  static JsonFields body(Answer answer, JsonValue json, String resource)
      throws TaxiiClientException {
    try {
      return JsonFields.of(json, "");
    } catch (IllegalArgumentException e) {
      throw answer.malformed("expected " + resource + ", found " + json.kind());
    }
  }
}
