package io.tspipe.pipeline;

import io.tspipe.bus.Addresses;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real generator verticle feeding the real worker through Kafka into ClickHouse. */
class GeneratorPipelineIT {

  @Test
  @DisplayName("a forced attack is recorded as a window, and the events stored inside it look hostile")
  void recordsAttackWindowsAndTheirTraffic() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("generator")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 1000);
      pipeline.config().getJsonObject("generator").getJsonObject("attack").put("mode", "off");
      pipeline.deployWorker();
      pipeline.deployGenerator();
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 3000, Duration.ofMinutes(1));

      JsonObject on = pipeline.request(Addresses.GENERATOR_ATTACK_MODE, new JsonObject().put("mode", "on"));
      assertTrue(on.getBoolean("attacking"), on.encode());
      Thread.sleep(6_000); // deliberate: the attack under test lasts 6 s
      JsonObject off = pipeline.request(Addresses.GENERATOR_ATTACK_MODE, new JsonObject().put("mode", "off"));
      assertFalse(off.getBoolean("attacking"), off.encode());

      pipeline.awaitNumber("SELECT count() FROM ${db}.attack_windows FINAL WHERE ended_at IS NOT NULL AND trigger = 'forced'",
        1, Duration.ofMinutes(1));
      // a second of calm traffic stored past the window's end, so the window's own traffic is stored
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events WHERE timestamp > (SELECT max(ended_at) FROM"
        + " ${db}.attack_windows FINAL)", 1_000, Duration.ofMinutes(1));
      // strictly inside: a burst of ordinary events may share the very millisecond the mode changed in
      String inside = "timestamp > (SELECT min(started_at) FROM ${db}.attack_windows)"
        + " AND timestamp < (SELECT max(ended_at) FROM ${db}.attack_windows FINAL)";
      double failedInside = pipeline.number("SELECT round(1000 * countIf(NOT success) / count()) FROM ${db}.events"
        + " WHERE type = 'account_activity' AND " + inside) / 1000.0;
      double failedOutside = pipeline.number("SELECT round(1000 * countIf(NOT success) / count()) FROM ${db}.events"
        + " WHERE type = 'account_activity' AND NOT (" + inside + ")") / 1000.0;
      assertTrue(failedInside > 0.55, "account failure rate inside the window " + failedInside);
      assertTrue(failedOutside < 0.15, "account failure rate outside the window " + failedOutside);
      long ipsInside = pipeline.number("SELECT uniqExact(source_ip) FROM ${db}.events WHERE " + inside);
      assertTrue(ipsInside <= 50, "attack traffic comes from 10% of the 500 IPs, saw " + ipsInside);
    }
  }

  @Test
  @DisplayName("an unknown attack mode is refused with 400 naming the allowed values")
  void refusesUnknownMode() {
    try (TestPipeline pipeline = TestPipeline.create("generator-modes")) {
      pipeline.config().getJsonObject("generator").put("ratePerSecond", 10);
      pipeline.deployGenerator();
      RuntimeException failure = assertThrows(RuntimeException.class,
        () -> pipeline.request(Addresses.GENERATOR_ATTACK_MODE, new JsonObject().put("mode", "sometimes")));
      ReplyException reply = failure instanceof ReplyException direct ? direct : (ReplyException) unwrap(failure);
      assertEquals(400, reply.failureCode());
      assertTrue(reply.getMessage().contains("on, off, auto"), reply.getMessage());
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || !(cause instanceof ReplyException)) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
