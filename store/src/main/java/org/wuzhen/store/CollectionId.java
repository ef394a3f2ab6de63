package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A TAXII collection id: a UUID, written in lower case. */
public record CollectionId(UUID uuid) {
  public CollectionId {
    requireNonNull(uuid, "uuid");
  }

  /**
   * Parses collection id text.
   *
   * @throws IllegalArgumentException naming the bad text
   */
  public static CollectionId parse(String text) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return new CollectionId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a collection id (a UUID)");
    }
  }

  public static CollectionId random() {
    return new CollectionId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return uuid.toString();
  }
}
