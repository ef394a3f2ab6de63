package org.wuzhen.store;

import java.util.UUID;
import org.wuzhen.stix.StixObject;

/** Small real STIX objects for store tests, built from JSON text as a client would send them. */
public final class StixSamples {
  private StixSamples() {}

  public static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  /** An indicator version; {@code modified} is its TAXII version. */
  public static StixObject indicator(String id, String created, String modified) {
    return StixObject.parse(
        """
        {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
        "name":"bad address","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",\
        "valid_from":"%s","x_wuzhen_note":"kept as sent"}"""
            .formatted(id, created, modified, created));
  }

  public static StixObject identity(String id, String created) {
    return StixObject.parse(
        """
        {"id":"%s","type":"identity","spec_version":"2.1","created":"%s","modified":"%s",\
        "name":"Example CERT","identity_class":"organization"}"""
            .formatted(id, created, created));
  }

  /** A STIX 2.0 malware: no spec_version, so its spec_version is 2.0. */
  public static StixObject malware20(String id, String created, String modified) {
    return StixObject.parse(
        """
        {"type":"malware","id":"%s","created":"%s","modified":"%s","name":"Poison Ivy",\
        "labels":["remote-access-trojan"]}"""
            .formatted(id, created, modified));
  }

  public static StixObject malware21(String id, String created, String modified) {
    return StixObject.parse(
        """
        {"type":"malware","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
        "name":"Poison Ivy","is_family":true}"""
            .formatted(id, created, modified));
  }

  /** An SCO: no created or modified, so it has version 0. */
  public static StixObject ipv4(String id, String value) {
    return StixObject.parse(
        """
        {"type":"ipv4-addr","spec_version":"2.1","id":"%s","value":"%s"}"""
            .formatted(id, value));
  }
}
