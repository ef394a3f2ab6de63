package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonValue;

/**
 * One page of objects, the envelope of §3.7: the objects as JSON values (not yet validated), each
 * object's exact text as received (so a node can store it without writing it again), and the
 * paging. {@code more} without {@code next} is passed on as the server said it: TAXII lets a client
 * continue from {@code dateAddedLast} instead.
 *
 * @param texts each object's text, in the order of {@code objects}
 */
public record ObjectsPage(
    List<JsonValue> objects,
    List<String> texts,
    boolean more,
    Optional<String> next,
    Optional<String> dateAddedFirst,
    Optional<String> dateAddedLast) {

  public ObjectsPage {
    objects = List.copyOf(objects);
    texts = List.copyOf(texts);
    requireNonNull(next, "next");
    requireNonNull(dateAddedFirst, "dateAddedFirst");
    requireNonNull(dateAddedLast, "dateAddedLast");
    if (texts.size() != objects.size()) {
      throw new IllegalArgumentException(
          texts.size() + " texts for " + objects.size() + " objects");
    }
  }

  static ObjectsPage read(Answer answer) throws TaxiiClientException {
    JsonValue json = answer.json();
    JsonFields envelope = Paging.body(answer, json, "a TAXII envelope");
    try {
      List<JsonValue> objects = envelope.optionalArray("objects");
      Paging paging = Paging.of(answer, envelope);
      List<String> texts = new ArrayList<>(objects.size());
      if (!objects.isEmpty()) {
        for (byte[] text : Json.arrayElementTexts(answer.body(), "objects")) {
          texts.add(new String(text, StandardCharsets.UTF_8));
        }
      }
      return new ObjectsPage(
          objects,
          texts,
          paging.more(),
          paging.next(),
          paging.dateAddedFirst(),
          paging.dateAddedLast());
    } catch (IllegalArgumentException e) {
      throw answer.malformed("malformed envelope: " + e.getMessage());
    }
  }
}
