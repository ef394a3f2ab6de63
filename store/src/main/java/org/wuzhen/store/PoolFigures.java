package org.wuzhen.store;

/**
 * The store's database connection pool at one moment, for the node's metrics.
 *
 * @param pool the pool's name ({@code wuzhen-sqlite}, {@code wuzhen-postgres})
 * @param active connections lent out to work in progress
 * @param idle connections open and free
 * @param pending threads waiting for a connection
 */
public record PoolFigures(String pool, int active, int idle, int pending) {
  public PoolFigures {
    java.util.Objects.requireNonNull(pool, "pool");
    if (active < 0 || idle < 0 || pending < 0) {
      throw new IllegalArgumentException(
          "pool figures cannot be negative: active "
              + active
              + ", idle "
              + idle
              + ", pending "
              + pending);
    }
  }
}
