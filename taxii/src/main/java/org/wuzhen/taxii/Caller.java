package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

/**
 * The authenticated caller of a request as extensions see it: the user, the member organisation it
 * belongs to and that member's STIX identity id.
 */
public record Principal(String user, String member, String memberIdentityId) {
  public Principal {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
    requireNonNull(memberIdentityId, "memberIdentityId");
  }
}
