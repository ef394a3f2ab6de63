package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * Who stored the first version of an object, and so who alone may store later ones (STIX 2.1 §3.6:
 * only an object's creator versions it). Written {@code member:NAME}, {@code peer:NAME} or {@code
 * node} in the store, parsed once where it is read.
 */
public sealed interface Creator {
  /** The node itself (its governance charter, the demo's seed data). */
  Creator NODE = new Node();

  /** How the store writes it. */
  String text();

  /** How a message names it: {@code member acme}, {@code peer node-b}, {@code this node}. */
  String describe();

  static Creator member(String name) {
    return new Member(name);
  }

  static Creator peer(String name) {
    return new Peer(name);
  }

  static Creator origin(String identityId) {
    return new Origin(identityId);
  }

  /**
   * Reads what {@link #text()} wrote.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static Creator parse(String text) {
    requireNonNull(text, "text");
    if (text.equals(Node.TEXT)) {
      return NODE;
    }
    if (text.startsWith(Member.PREFIX) && text.length() > Member.PREFIX.length()) {
      return new Member(text.substring(Member.PREFIX.length()));
    }
    if (text.startsWith(Origin.PREFIX) && text.length() > Origin.PREFIX.length()) {
      return new Origin(text.substring(Origin.PREFIX.length()));
    }
    if (text.startsWith(Peer.PREFIX) && text.length() > Peer.PREFIX.length()) {
      return new Peer(text.substring(Peer.PREFIX.length()));
    }
    throw new IllegalArgumentException(
        "creator '" + text + "' must be member:NAME, origin:IDENTITY, peer:NAME or node");
  }

  /** A member of this node, through a TAXII POST by one of its users. */
  record Member(String name) implements Creator {
    static final String PREFIX = "member:";

    public Member {
      requireNonNull(name, "name");
    }

    @Override
    public String text() {
      return PREFIX + name;
    }

    @Override
    public String describe() {
      return "member " + name;
    }
  }

  /**
   * The identity an object pulled from peers names as its creator ({@code created_by_ref}): its
   * origin, whichever peer relays its versions (onward sharing passes objects on through several
   * nodes, each of which keeps the same rule).
   */
  record Origin(String identityId) implements Creator {
    static final String PREFIX = "origin:";

    public Origin {
      requireNonNull(identityId, "identityId");
    }

    @Override
    public String text() {
      return PREFIX + identityId;
    }

    @Override
    public String describe() {
      return "the origin " + identityId;
    }
  }

  /**
   * A federation peer: the object, which names no creator ({@code created_by_ref}), was first
   * received by pulling from it.
   */
  record Peer(String name) implements Creator {
    static final String PREFIX = "peer:";

    public Peer {
      requireNonNull(name, "name");
    }

    @Override
    public String text() {
      return PREFIX + name;
    }

    @Override
    public String describe() {
      return "peer " + name;
    }
  }

  /** The node itself. */
  record Node() implements Creator {
    static final String TEXT = "node";

    @Override
    public String text() {
      return TEXT;
    }

    @Override
    public String describe() {
      return "this node";
    }
  }
}
