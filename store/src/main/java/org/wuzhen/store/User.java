package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * A user of a member; {@code passwordHash} is an encoded modern password hash (never the password),
 * {@code admin} users may manage the node.
 */
public record User(String name, String memberName, String passwordHash, boolean admin) {
  public User {
    requireNonNull(name, "name");
    requireNonNull(memberName, "memberName");
    requireNonNull(passwordHash, "passwordHash");
  }
}
