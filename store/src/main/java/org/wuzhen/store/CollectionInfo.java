package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A TAXII collection's resource (§5.2): id, title, optional description and alias, media types. */
public record CollectionInfo(
    CollectionId id,
    String title,
    Optional<String> description,
    Optional<String> alias,
    List<String> mediaTypes) {
  /** The media type of STIX 2.1 content, what a collection holds unless it says otherwise. */
  public static final String STIX_21 = "application/stix+json;version=2.1";

  public CollectionInfo {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(alias, "alias");
    mediaTypes = List.copyOf(mediaTypes);
  }
}
