package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonObject;

/** The MISP core format (misp-rfc misp-core-format) as far as Wuzhen maps it: read-only values. */
final class MispModel {
  private MispModel() {}

  record Org(String uuid, String name) {
    Org {
      requireNonNull(uuid, "uuid");
      requireNonNull(name, "name");
    }
  }

  /** A sighting: type 0 seen, 1 false positive, 2 expiration. */
  record Sighting(String uuid, int type, Instant date, Optional<String> source, Optional<Org> org) {
    Sighting {
      requireNonNull(uuid, "uuid");
      requireNonNull(date, "date");
      requireNonNull(source, "source");
      requireNonNull(org, "org");
    }
  }

  /** Analyst data: a note, or an opinion (0-100) with its comment. */
  record Analysis(String uuid, boolean isOpinion, String text, int opinion, Instant created) {
    Analysis {
      requireNonNull(uuid, "uuid");
      requireNonNull(text, "text");
      requireNonNull(created, "created");
    }
  }

  record Cluster(
      String uuid,
      String galaxyType,
      String galaxyName,
      String value,
      String tagName,
      Optional<String> description,
      JsonObject meta) {
    Cluster {
      requireNonNull(uuid, "uuid");
      requireNonNull(galaxyType, "galaxyType");
      requireNonNull(galaxyName, "galaxyName");
      requireNonNull(value, "value");
      requireNonNull(tagName, "tagName");
      requireNonNull(description, "description");
      requireNonNull(meta, "meta");
    }
  }

  record Attribute(
      String uuid,
      String type,
      String category,
      String value,
      boolean toIds,
      Instant timestamp,
      String comment,
      boolean deleted,
      Optional<String> objectRelation,
      List<String> tags,
      List<Sighting> sightings,
      List<Cluster> galaxies,
      List<Analysis> analyses) {
    Attribute {
      requireNonNull(uuid, "uuid");
      requireNonNull(type, "type");
      requireNonNull(category, "category");
      requireNonNull(value, "value");
      requireNonNull(timestamp, "timestamp");
      requireNonNull(comment, "comment");
      requireNonNull(objectRelation, "objectRelation");
      tags = List.copyOf(tags);
      sightings = List.copyOf(sightings);
      galaxies = List.copyOf(galaxies);
      analyses = List.copyOf(analyses);
    }
  }

  record Reference(String referencedUuid, String relationshipType) {
    Reference {
      requireNonNull(referencedUuid, "referencedUuid");
      requireNonNull(relationshipType, "relationshipType");
    }
  }

  record MispObject(
      String uuid,
      String name,
      String metaCategory,
      Instant timestamp,
      boolean deleted,
      List<Attribute> attributes,
      List<Reference> references,
      List<Analysis> analyses) {
    MispObject {
      requireNonNull(uuid, "uuid");
      requireNonNull(name, "name");
      requireNonNull(metaCategory, "metaCategory");
      requireNonNull(timestamp, "timestamp");
      attributes = List.copyOf(attributes);
      references = List.copyOf(references);
      analyses = List.copyOf(analyses);
    }
  }

  record Event(
      String uuid,
      String info,
      Instant timestamp,
      boolean published,
      Optional<Instant> publishTimestamp,
      Org orgc,
      List<String> tags,
      List<Attribute> attributes,
      List<MispObject> objects,
      List<Cluster> galaxies,
      List<Analysis> analyses) {
    Event {
      requireNonNull(uuid, "uuid");
      requireNonNull(info, "info");
      requireNonNull(timestamp, "timestamp");
      requireNonNull(publishTimestamp, "publishTimestamp");
      requireNonNull(orgc, "orgc");
      tags = List.copyOf(tags);
      attributes = List.copyOf(attributes);
      objects = List.copyOf(objects);
      galaxies = List.copyOf(galaxies);
      analyses = List.copyOf(analyses);
    }

    /** Attributes, including those inside objects. */
    int attributeCount() {
      int n = attributes.size();
      for (MispObject o : objects) {
        n += o.attributes().size();
      }
      return n;
    }
  }
}
