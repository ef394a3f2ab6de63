package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * What one transparency log leaf is about, read from its record where the store reads the leaf:
 * what a node needs to decide who may see the record (docs/transparency.md, "Who sees which leaf").
 * The record itself stays the authority for audits.
 */
public sealed interface LeafSubject {
  /** An {@code add} leaf: a version stored in a collection. */
  record ObjectAdded(
      CollectionId collection, String objectId, long versionMicros, long dateAddedMicros)
      implements LeafSubject {
    public ObjectAdded {
      requireNonNull(collection, "collection");
      requireNonNull(objectId, "objectId");
    }
  }

  /** A {@code delete} leaf: the version added at {@code dateAddedMicros} was deleted. */
  record ObjectDeleted(
      CollectionId collection, String objectId, long versionMicros, long dateAddedMicros)
      implements LeafSubject {
    public ObjectDeleted {
      requireNonNull(collection, "collection");
      requireNonNull(objectId, "objectId");
    }
  }

  /** A {@code member} leaf: a member organisation was added. */
  record MemberAdded(String name) implements LeafSubject {
    public MemberAdded {
      requireNonNull(name, "name");
    }
  }

  /** A {@code user} leaf: a user of {@code member} was added. */
  record UserAdded(String name, String member) implements LeafSubject {
    public UserAdded {
      requireNonNull(name, "name");
      requireNonNull(member, "member");
    }
  }

  /** A {@code grant} leaf: what a principal may do on a collection was set. */
  record Granted(CollectionId collection, Principal principal) implements LeafSubject {
    public Granted {
      requireNonNull(collection, "collection");
      requireNonNull(principal, "principal");
    }
  }

  /** A record the store cannot read as any of the above (damaged, or written by other software). */
  record Unrecognised(String problem) implements LeafSubject {
    public Unrecognised {
      requireNonNull(problem, "problem");
    }
  }
}
