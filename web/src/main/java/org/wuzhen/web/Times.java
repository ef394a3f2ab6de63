package org.wuzhen.web;

import java.time.Instant;

/** How the console writes the store's microsecond times. */
final class Times {
  private Times() {}

  static String ofMicros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .toString();
  }
}
