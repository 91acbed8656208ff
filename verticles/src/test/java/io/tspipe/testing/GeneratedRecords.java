package io.tspipe.testing;

import io.tspipe.generator.OutgoingEvent;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records from the generator's stream, with the ground truth a test checks the stored data against. */
public record GeneratedRecords(List<OutgoingEvent> records) {

  public Set<String> goodIds() {
    Set<String> ids = new HashSet<>();
    for (OutgoingEvent record : records) {
      if (record.kind() == OutgoingEvent.Kind.GOOD) {
        ids.add(new JsonObject(record.value()).getString("id"));
      }
    }
    return ids;
  }

  public long count(OutgoingEvent.Kind kind) {
    return records.stream().filter(record -> record.kind() == kind).count();
  }
}
