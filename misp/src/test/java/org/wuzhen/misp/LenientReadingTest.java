package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;

/** What real MISP data gets wrong is repaired and reported; what cannot be is refused whole. */
class LenientReadingTest {
  static final String EVENT =
      """
      {"Event": {"uuid": "5BE1E65D-8198-497B-BDF5-5EC20A016219", "info": "test event",
        "timestamp": "1542728551", "published": "1", "publish_timestamp": 1542728600,
        "orgc": {"name": "CIRCL", "uuid": "55f6ea5e-2c60-40e5-964f-47a8950d210f"},
        "Tag": [{"name": "tlp:amber"}, {"name": "PAP:GREEN"}],
        "Attribute": [
          {"uuid": "5be1ee80-f71c-4da5-83e2-61410a016219", "type": "ip-dst", "category":
           "Network activity", "value": "198.51.100.7", "to_ids": "1", "timestamp": "1541533312",
           "Tag": [{"name": "tlp:red"}],
           "Sighting": [
             {"uuid": "6c1a1d1e-1b1c-4d1e-8f1a-1b1c1d1e1f10", "type": "0",
              "date_sighting": "1541533400", "source": "sensor-1",
              "Organisation": {"name": "CERT-X", "uuid": "11111111-2222-4333-8444-555555555555"}},
             {"uuid": "6c1a1d1e-1b1c-4d1e-8f1a-1b1c1d1e1f11", "type": "1",
              "date_sighting": "1541533500",
              "Organisation": {"name": "CERT-X", "uuid": "11111111-2222-4333-8444-555555555555"}}],
           "Opinion": [{"uuid": "7d2b2e2f-2c2d-4e2f-9a2b-2c2d2e2f3a40", "opinion": "90",
                        "comment": "solid"}]},
          {"uuid": "5be1ee80-f71c-4da5-83e2-61410a016220", "type": "btc", "category":
           "Financial fraud", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "to_ids": false,
           "timestamp": 1541533312, "deleted": true}],
        "Galaxy": [{"type": "threat-actor", "name": "Threat Actor", "GalaxyCluster": [
          {"uuid": "", "value": "Sofacy", "tag_name": "misp-galaxy:threat-actor=\\"Sofacy\\"",
           "distribution": "3", "meta": {"cfr-suspected-state-sponsor": ["Russian Federation"]}}]}]
      }}
      """;

  private static List<StixObject> convert(String json, ImportReport[] report) {
    List<StixObject> objects = new ArrayList<>();
    report[0] =
        SharedEventsImportTest.importer()
            .convert(
                json.getBytes(StandardCharsets.UTF_8), "test", e -> objects.addAll(e.objects()));
    return objects;
  }

  @Test
  void repairsAreReportedWithTheirJsonPath() {
    ImportReport[] report = new ImportReport[1];
    convert(EVENT, report);
    assertThat(report[0].refused()).isEmpty();
    assertThat(report[0].repairs())
        .extracting(Repair::toString)
        .contains(
            "$.Event.uuid: upper-case uuid written in lower case",
            "$.Event.published: the string \"1\" read as true",
            "$.Event.orgc: lower-case member name read as Orgc",
            "$.Event.Attribute[0].to_ids: the string \"1\" read as true",
            "$.Event.Galaxy[0].GalaxyCluster[0].uuid: empty; derived from tag_name"
                + " misp-galaxy:threat-actor=\"Sofacy\"");
  }

  @Test
  void mapsMarkingsTagsSightingsFalsePositivesAndOpinions() {
    ImportReport[] report = new ImportReport[1];
    Map<String, JsonObject> byId =
        convert(EVENT, report).stream()
            .collect(Collectors.toMap(o -> o.id().toString(), StixObject::json, (a, b) -> a));
    JsonObject indicator = byId.get("indicator--5be1ee80-f71c-4da5-83e2-61410a016219");
    assertThat(indicator.string("pattern"))
        .contains(
            "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value ="
                + " '198.51.100.7']");
    // The attribute's TLP:RED is stricter than the event's AMBER: the stricter one holds.
    assertThat(indicator.strings("object_marking_refs")).containsExactly(Tlp.RED.markingId());
    assertThat(indicator.string("created_by_ref"))
        .contains(SharedEventsImportTest.MEMBER.toString());
    assertThat(indicator.string(StixMapping.ORIGIN_REF))
        .contains("identity--55f6ea5e-2c60-40e5-964f-47a8950d210f");
    JsonObject report1 = byId.get("report--5be1e65d-8198-497b-bdf5-5ec20a016219");
    assertThat(report1.strings("labels")).containsExactly("PAP:GREEN");
    assertThat(report1.strings("object_marking_refs")).containsExactly(Tlp.AMBER.markingId());
    assertThat(byId.get("identity--55f6ea5e-2c60-40e5-964f-47a8950d210f").string("name"))
        .contains("CIRCL");
    JsonObject sighting = byId.get("sighting--6c1a1d1e-1b1c-4d1e-8f1a-1b1c1d1e1f10");
    assertThat(sighting.strings("where_sighted_refs"))
        .containsExactly("identity--11111111-2222-4333-8444-555555555555");
    assertThat(
            byId.values().stream()
                .filter(o -> o.strings("labels").contains("false-positive"))
                .map(o -> o.string(StixMapping.ORIGIN_REF).orElseThrow()))
        .containsExactly("identity--11111111-2222-4333-8444-555555555555");
    assertThat(byId.get("opinion--7d2b2e2f-2c2d-4e2f-9a2b-2c2d2e2f3a40").string("opinion"))
        .contains("strongly-agree");
    JsonObject btc = byId.get("x-misp-attribute--5be1ee80-f71c-4da5-83e2-61410a016220");
    assertThat(btc.string("x_misp_value")).contains("1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
    assertThat(btc.get("revoked")).contains(JsonBoolean.TRUE);
    JsonObject actor =
        byId.values().stream()
            .filter(o -> o.string("type").orElseThrow().equals("threat-actor"))
            .findFirst()
            .orElseThrow();
    assertThat(actor.strings("x_misp_cfr_suspected_state_sponsor"))
        .containsExactly("Russian Federation");
    assertThat(report[0].counts())
        .containsEntry("false-positive sighting → false-positive report", 1L)
        .containsEntry("sighting → sighting", 1L)
        .containsEntry("analyst opinion → opinion", 1L)
        .containsEntry("attribute btc → x-misp-attribute", 1L)
        .containsEntry("attribute (deleted) → revoked", 1L);
  }

  @Test
  void anEventThatCannotBeReadIsRefusedWholeAndTheNextStillImports() {
    String broken = EVENT.replace("\"value\": \"198.51.100.7\", ", "");
    String two = "[" + broken + ", " + EVENT.replace("5BE1E65D", "6BE1E65D") + "]";
    ImportReport[] report = new ImportReport[1];
    List<StixObject> objects = convert(two, report);
    assertThat(report[0].refused())
        .singleElement()
        .asString()
        .contains("$[0].Event.Attribute[0].value: missing (required)");
    assertThat(report[0].events()).isEqualTo(1);
    assertThat(objects).noneMatch(o -> o.id().toString().contains("5be1e65d"));
    assertThat(objects)
        .anyMatch(o -> o.id().toString().equals("report--6be1e65d-8198-497b-bdf5-5ec20a016219"));
  }

  @Test
  void malformedJsonIsRefusedWithLineAndColumn() {
    assertThatThrownBy(
            () ->
                SharedEventsImportTest.importer()
                    .convert(
                        "{\"Event\": {\n  \"uuid\": }".getBytes(StandardCharsets.UTF_8),
                        "x",
                        e -> {}))
        .isInstanceOf(MispFormatException.class)
        .hasMessageStartingWith("malformed JSON: line 2, col ");
    assertThatThrownBy(
            () ->
                SharedEventsImportTest.importer()
                    .convert("{\"objects\": []}".getBytes(StandardCharsets.UTF_8), "x", e -> {}))
        .hasMessageStartingWith("$: no MISP event found");
  }
}
