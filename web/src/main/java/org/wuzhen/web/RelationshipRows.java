package org.wuzhen.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Hit;
import org.wuzhen.store.Hits;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.ObjectPageView.Relationship;

/**
 * The relationships table of an object page: the {@link #LIMIT} newest relationships from or to the
 * object in the collections the caller may read (the store's relationship index, one query).
 */
final class RelationshipRows {
  static final int LIMIT = 50;

  private RelationshipRows() {}

  /** The rows, and whether more relationships exist than shown. */
  record Rows(List<Relationship> rows, boolean more) {}

  static Rows of(ObjectReader reader, String objectId) {
    List<CollectionInfo> readable = reader.readableCollections();
    Map<org.wuzhen.store.CollectionId, String> titles =
        readable.stream().collect(Collectors.toMap(CollectionInfo::id, CollectionInfo::title));
    Hits hits =
        reader.relationships(
            readable.stream().map(CollectionInfo::id).toList(), objectId, LIMIT, Optional.empty());
    List<Relationship> rows = new ArrayList<>();
    for (Hit h : hits.hits()) {
      StixObject r;
      try {
        r = StixObject.parse(h.object().json().orElseThrow());
      } catch (StixFormatException e) {
        continue; // stored before a tighter rule; shown on its own page
      }
      String source = r.string("source_ref").orElse("");
      String target = r.string("target_ref").orElse("");
      boolean out = source.equals(objectId);
      String other = out ? target : source;
      rows.add(
          new Relationship(
              out,
              new Link(h.object().id(), Links.objectPath(h.object().id())),
              r.string("relationship_type").orElse(""),
              Links.object(other).orElse(new Link(other, "")),
              titles.getOrDefault(h.collection(), h.collection().toString())));
    }
    return new Rows(rows, hits.more());
  }
}
