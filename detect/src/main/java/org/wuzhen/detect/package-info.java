/**
 * Detection: many STIX indicators compiled into indexes ({@link DetectionEngine}) and matched
 * against events read from telemetry ({@link ZeekReader}); {@link LiveDetection} runs it over
 * inputs, following an {@link IndicatorSource} and delivering sightings to a {@link SightingSink}.
 */
package org.wuzhen.detect;
