/**
 * Detection: many STIX indicators compiled into indexes ({@link DetectionEngine}) and matched
 * against events read from telemetry ({@link ZeekReader}).
 */
package org.wuzhen.detect;
