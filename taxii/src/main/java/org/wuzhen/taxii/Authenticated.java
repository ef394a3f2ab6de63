package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.Member;
import org.wuzhen.store.User;

/** The authenticated user of a request and the member it belongs to, as the server sees them. */
record Authenticated(User user, Member member) {
  Authenticated {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
  }

  /** The caller as extensions see it. */
  Caller caller() {
    return new Caller(user.name(), member.name(), member.identityId(), user.admin());
  }
}
