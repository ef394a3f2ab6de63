package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.taxii.ManifestRecord;

/** One page of a collection's manifest (§5.3), with the paging. */
public record ManifestPage(
    List<ManifestRecord> objects,
    boolean more,
    Optional<String> next,
    Optional<String> dateAddedFirst,
    Optional<String> dateAddedLast) {

  public ManifestPage {
    objects = List.copyOf(objects);
    requireNonNull(next, "next");
    requireNonNull(dateAddedFirst, "dateAddedFirst");
    requireNonNull(dateAddedLast, "dateAddedLast");
  }

  static ManifestPage read(Answer answer) throws TaxiiClientException {
    JsonFields body = Paging.body(answer, answer.json(), "a manifest resource");
    try {
      List<ManifestRecord> records = new ArrayList<>();
      for (JsonFields r : body.optionalObjects("objects")) {
        records.add(ManifestRecord.read(r));
      }
      Paging p = Paging.of(answer, body);
      return new ManifestPage(records, p.more(), p.next(), p.dateAddedFirst(), p.dateAddedLast());
    } catch (IllegalArgumentException e) {
      throw answer.malformed("malformed manifest: " + e.getMessage());
    }
  }
}
