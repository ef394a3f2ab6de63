package org.wuzhen.taxii.client;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;

/** One page of an object's versions (§5.8), oldest first, with the paging. */
public record VersionsPage(
    List<String> versions,
    boolean more,
    Optional<String> next,
    Optional<String> dateAddedFirst,
    Optional<String> dateAddedLast) {

  public VersionsPage {
    versions = List.copyOf(versions);
    requireNonNull(next, "next");
    requireNonNull(dateAddedFirst, "dateAddedFirst");
    requireNonNull(dateAddedLast, "dateAddedLast");
  }

  static VersionsPage read(Answer answer) throws TaxiiClientException {
    JsonFields body = Paging.body(answer, answer.json(), "a versions resource");
    try {
      Paging p = Paging.of(answer, body);
      return new VersionsPage(
          body.optionalStrings("versions"),
          p.more(),
          p.next(),
          p.dateAddedFirst(),
          p.dateAddedLast());
    } catch (IllegalArgumentException e) {
      throw answer.malformed("malformed versions resource: " + e.getMessage());
    }
  }
}
