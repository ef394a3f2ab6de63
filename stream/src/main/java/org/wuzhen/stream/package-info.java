/**
 * Detection on Kafka Streams: telemetry topics matched against the indicator plan that a compacted
 * topic carries to every instance, sightings aggregated with exactly-once processing and posted to
 * the node through its normal write path (docs/scale-out.md).
 */
package org.wuzhen.stream;
