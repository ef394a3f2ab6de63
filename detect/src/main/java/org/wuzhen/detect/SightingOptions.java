package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.wuzhen.stix.StixId;

/**
 * How matches become sightings.
 *
 * @param sighter the identity that saw them ({@code where_sighted_refs} and {@code
 *     created_by_ref}), usually the member's identity
 * @param bucket the span one sighting aggregates per indicator; a match falls into the bucket that
 *     holds its event time (buckets are aligned on the epoch, so every run agrees on them)
 * @param sampleSize at most this many observed-data objects per sighting, the first events seen
 * @param includeObservedData false for the privacy mode: sightings carry counts and times only, no
 *     observed data and no observables from the member's telemetry
 */
public record SightingOptions(
    StixId sighter, Duration bucket, int sampleSize, boolean includeObservedData) {
  public static final Duration DEFAULT_BUCKET = Duration.ofHours(1);
  public static final int DEFAULT_SAMPLE_SIZE = 5;

  public SightingOptions {
    requireNonNull(sighter, "sighter");
    requireNonNull(bucket, "bucket");
    if (!sighter.type().equals("identity")) {
      throw new IllegalArgumentException("sighter: expected an identity id, found " + sighter);
    }
    if (bucket.isNegative() || bucket.isZero() || bucket.toSeconds() < 1) {
      throw new IllegalArgumentException("bucket: must be at least one second, found " + bucket);
    }
    if (sampleSize < 0 || sampleSize > 1000) {
      throw new IllegalArgumentException(
          "sampleSize: must be between 0 and 1000, found " + sampleSize);
    }
  }

  public static SightingOptions defaults(StixId sighter) {
    return new SightingOptions(sighter, DEFAULT_BUCKET, DEFAULT_SAMPLE_SIZE, true);
  }

  public SightingOptions withBucket(Duration bucket) {
    return new SightingOptions(sighter, bucket, sampleSize, includeObservedData);
  }

  public SightingOptions withSampleSize(int sampleSize) {
    return new SightingOptions(sighter, bucket, sampleSize, includeObservedData);
  }

  public SightingOptions withoutObservedData() {
    return new SightingOptions(sighter, bucket, sampleSize, false);
  }
}
