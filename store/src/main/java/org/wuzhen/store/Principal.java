package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * Who a permission is granted to: a whole member organisation, or one user of it. Written {@code
 * member:NAME} or {@code user:NAME} in configuration, on the command line and in the database, and
 * parsed once where it enters.
 */
public sealed interface Principal {
  /** The member's or user's name. */
  String name();

  /** {@code member:NAME} or {@code user:NAME}. */
  String text();

  static Principal member(String name) {
    return new Member(name);
  }

  static Principal user(String name) {
    return new User(name);
  }

  /**
   * Reads {@code member:NAME} or {@code user:NAME}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static Principal parse(String text) {
    requireNonNull(text, "text");
    if (text.startsWith(Member.PREFIX) && text.length() > Member.PREFIX.length()) {
      return new Member(text.substring(Member.PREFIX.length()));
    }
    if (text.startsWith(User.PREFIX) && text.length() > User.PREFIX.length()) {
      return new User(text.substring(User.PREFIX.length()));
    }
    throw new IllegalArgumentException("principal '" + text + "' must be member:NAME or user:NAME");
  }

  /** A whole member organisation: every user of it. */
  record Member(String name) implements Principal {
    static final String PREFIX = "member:";

    public Member {
      requireName(name);
    }

    @Override
    public String text() {
      return PREFIX + name;
    }
  }

  /** One user. */
  record User(String name) implements Principal {
    static final String PREFIX = "user:";

    public User {
      requireName(name);
    }

    @Override
    public String text() {
      return PREFIX + name;
    }
  }

  private static void requireName(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a principal's name is empty");
    }
  }
}
