package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A bearer token of a user: a public id, the SHA-256 hash of the secret (never the secret), when it
 * was created, and whether it was revoked.
 */
public record ApiToken(
    String tokenId, String userName, String tokenHash, Instant created, boolean revoked) {
  public ApiToken {
    requireNonNull(tokenId, "tokenId");
    requireNonNull(userName, "userName");
    requireNonNull(tokenHash, "tokenHash");
    requireNonNull(created, "created");
  }
}
