package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/** A member organisation: a short unique name and the id of its STIX identity object. */
public record Member(String name, String identityId) {
  public Member {
    requireNonNull(name, "name");
    requireNonNull(identityId, "identityId");
  }
}
