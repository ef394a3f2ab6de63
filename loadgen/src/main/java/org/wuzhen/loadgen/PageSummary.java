package org.wuzhen.loadgen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * How many objects a TAXII envelope holds and its {@code next} cursor, read by skipping over the
 * objects instead of building them, so {@code wuzhen-loadgen taxii}'s paging readers spend their
 * CPU on requests rather than on parsing what they only count.
 */
record PageSummary(int objects, Optional<String> next) {
  private static final JsonFactory JSON = new JsonFactory();

  static PageSummary of(byte[] envelope) throws IOException {
    try (JsonParser p = JSON.createParser(envelope)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the page is not a JSON object");
      }
      int objects = 0;
      String next = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("objects".equals(name) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            objects++;
          }
        } else if ("next".equals(name) && value == JsonToken.VALUE_STRING) {
          next = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return new PageSummary(objects, Optional.ofNullable(next));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("the page is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
