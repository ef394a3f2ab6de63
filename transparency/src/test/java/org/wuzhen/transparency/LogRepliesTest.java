package org.wuzhen.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.store.LogHash;

/** The leaf replies as an auditor reads them from a node it does not trust. */
class LogRepliesTest {
  private static final String HASH = "ab".repeat(32);

  private static LogReplies.Leaves read(String json) {
    return LogReplies.Leaves.fromJson(Json.parse(json));
  }

  @Test
  void shownAndHiddenLeavesReadBackAsWritten() {
    LogHash salt = LogHash.parseHex("cd".repeat(32));
    String record = "{\"name\":\"acme\",\"op\":\"member\"}";
    LogHash shownHash = MerkleTree.leafHash(Optional.of(salt), record);
    LogReplies.Leaves leaves =
        new LogReplies.Leaves(
            List.of(
                new LogReplies.Leaf(0, shownHash, Optional.of(record), Optional.of(salt)),
                new LogReplies.Leaf(
                    1, LogHash.parseHex(HASH), Optional.empty(), Optional.empty())));
    String json = Json.write(leaves.toJson());
    assertThat(json).contains("\"leaf_index\":1,\"leaf_hash\":\"" + HASH + "\"}");
    assertThat(read(json)).isEqualTo(leaves);
    assertThat(leaves.leaves().get(0).recordHash()).contains(shownHash);
    assertThat(leaves.leaves().get(1).recordHash()).isEmpty();
  }

  @Test
  void aMalformedLeafIsRefusedNamingTheMember() {
    assertThatThrownBy(() -> read("{\"leaves\":[{\"leaf_index\":0}]}"))
        .hasMessageContaining("leaf_hash");
    assertThatThrownBy(() -> read("{\"leaves\":[{\"leaf_index\":0,\"leaf_hash\":\"zz\"}]}"))
        .hasMessageContaining("leaf_hash: a log hash is 64 hex digits, not 2");
    assertThatThrownBy(
            () ->
                read(
                    "{\"leaves\":[{\"leaf_index\":0,\"leaf_hash\":\""
                        + HASH
                        + "\",\"salt\":\""
                        + "g".repeat(64)
                        + "\",\"record\":\"{}\"}]}"))
        .hasMessageContaining("salt: a log hash is hex digits only");
    assertThatThrownBy(
            () ->
                read(
                    "{\"leaves\":[{\"leaf_index\":0,\"leaf_hash\":\""
                        + HASH
                        + "\",\"salt\":\""
                        + HASH
                        + "\"}]}"))
        .hasMessageContaining("salt: given without a record");
    assertThatThrownBy(
            () ->
                LogReplies.ObjectEntries.fromJson(
                    Json.parse(
                        "{\"entries\":[{\"leaf_index\":0,\"record\":\"{}\",\"salt\":7,"
                            + "\"json\":\"{}\"}]}")))
        .hasMessageContaining("salt");
  }
}
