package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.testing.TestNode;

/**
 * The six shared MISP events as misp-stix converts them (fixtures under {@code /misp-stix/},
 * derived from misp-stix's published mapping by {@code derive.py}) are accepted by a node in its
 * default configuration, stored as received, with the compatibility warnings in the status
 * resource; a collection configured strict refuses exactly those objects.
 */
class MispStixAcceptanceTest {
  @TempDir Path dir;
  private TestNode node;
  private CollectionId open;
  private CollectionId strict;
  private TaxiiClient client;

  @BeforeEach
  void start() {
    CollectionId[] strictId = {CollectionId.random()};
    node = TestNode.sqlite(dir).with(store -> new StrictCollections(Set.of(strictId[0]))).start();
    String member = node.member("eset");
    node.user("analyst", "eset");
    open = node.collection("misp", Principal.member("eset"));
    strict = strictId[0];
    node.store()
        .createCollection(
            new org.wuzhen.store.CollectionInfo(
                strict, "strict", Optional.empty(), Optional.empty(), List.of()));
    node.grant(strict, Principal.member("eset"), true, true);
    client =
        TaxiiClient.builder(node.uri())
            .credentials(Credentials.basic("analyst", TestNode.PASSWORD))
            .build();
    assertThat(member).startsWith("identity--");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static List<JsonValue> objects(String name) throws IOException {
    try (InputStream in =
        MispStixAcceptanceTest.class.getResourceAsStream("/misp-stix/" + name + ".stix21.json")) {
      JsonObject bundle = (JsonObject) Json.parse(in.readAllBytes());
      return bundle.array("objects").orElseThrow().elements();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2018-11-20_Zebrocy",
        "ebury.misp",
        "lazarus_3cx",
        "misp-turla-crutch-event",
        "mozi.misp-event",
        "oceanlotus.misp.event"
      })
  void everyObjectOfMispStixOutputIsAcceptedByDefault(String name) throws Exception {
    List<JsonValue> objects = objects(name);
    StatusResource status = client.addObjects("api1", open.toString(), objects);
    assertThat(status.failures()).extracting(StatusResource.Detail::describe).isEmpty();
    assertThat(status.successCount()).isEqualTo(objects.size());
    // Stored as received: the object read back is the object sent, hyphenated names included.
    JsonObject first = (JsonObject) objects.getLast();
    String id = first.string("id").orElseThrow();
    JsonObject stored =
        (JsonObject)
            client.object("api1", open.toString(), id, ObjectFilter.NONE).objects().getFirst();
    assertThat(stored).isEqualTo(first);
  }

  @Test
  void warnsNamingTheHyphenatedPropertyAndTheRandomScoId() throws Exception {
    StatusResource status =
        client.addObjects("api1", open.toString(), objects("misp-turla-crutch-event"));
    List<String> messages = new ArrayList<>();
    for (StatusResource.Detail d : status.successes()) {
      d.message().ifPresent(messages::add);
    }
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("accepted with warnings: ")
                    .contains("x_misp_cfr-suspected-state-sponsor"))
        .anySatisfy(m -> assertThat(m).contains("id: 'file--").contains("UUIDv4"));
  }

  @Test
  void aStrictCollectionRefusesOnlyTheCompatibilityCases() throws Exception {
    List<JsonValue> objects = objects("misp-turla-crutch-event");
    StatusResource status = client.addObjects("api1", strict.toString(), objects);
    assertThat(status.failures())
        .extracting(StatusResource.Detail::id)
        .anyMatch(id -> id.startsWith("threat-actor--"))
        .anyMatch(id -> id.startsWith("file--"))
        .noneMatch(id -> id.startsWith("grouping--") || id.startsWith("observed-data--"));
    assertThat(status.failures())
        .filteredOn(d -> d.id().startsWith("threat-actor--"))
        .allSatisfy(
            d ->
                assertThat(d.message().orElseThrow())
                    .contains("is strict")
                    .contains("x_misp_cfr-suspected-state-sponsor"));
  }
}
