package io.tspipe.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.testing.ExactlyOnce;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.TestPipeline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker as its own process, killed outright mid-stream, then restarted. */
class WorkerCrashIT {

  private static final Pattern PRIMED = Pattern.compile("(\\d+) stored ids primed");
  private static final Pattern ALREADY_STORED = Pattern.compile("worker #(\\d+): .*?([\\d,]+) already stored;");

  @Test
  @DisplayName("a worker killed without a graceful stop mid-stream and restarted stores every record exactly once")
  void survivesKillMidStream() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("crash")) {
      pipeline.config().getJsonObject("worker").put("batchMaxRows", 2000);
      GeneratedRecords generated = TestPipeline.generate(100_000, false, 7);
      pipeline.produce(generated.records());

      RoleProcess first = pipeline.startWorker("first");
      pipeline.awaitAtLeast("SELECT count() FROM ${db}.events", 30_000, Duration.ofMinutes(2));
      first.kill();
      long storedAtKill = pipeline.number("SELECT count() FROM ${db}.events");
      assertTrue(storedAtKill < generated.goodIds().size(), "the kill must land mid-stream, stored " + storedAtKill);

      RoleProcess second = pipeline.startWorker("second");
      try {
        ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(3));
      } finally {
        second.stop();
      }
      Matcher primed = PRIMED.matcher(second.log());
      assertTrue(primed.find() && Long.parseLong(primed.group(1)) > 0,
        "the restarted worker primes its dedup window from ClickHouse; see " + second.logFile());
    }
  }

  @Test
  @DisplayName("records stored but never committed are read again and recognised, so nothing is stored twice")
  void recognisesStoredButUncommittedRecords() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("replay")) {
      GeneratedRecords generated = TestPipeline.generate(30_000, true, 9);
      pipeline.produce(generated.records());
      RoleProcess first = pipeline.startWorker("first");
      ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(2));
      first.stop();

      rewindConsumerGroup(pipeline);
      RoleProcess second = pipeline.startWorker("second");
      try {
        eventually(Duration.ofMinutes(2), () -> assertEquals(generated.records().size(), alreadyStored(second),
          "records recognised as already stored, every worker instance together: every record replayed"));
        ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(1));
      } finally {
        second.stop();
      }
    }
  }

  /** Moves the worker group's committed offsets back to the start, as if no batch had ever been committed. */
  private static void rewindConsumerGroup(TestPipeline pipeline) throws Exception {
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      String group = pipeline.config().getJsonObject("worker").getString("groupId");
      Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
      committed.keySet().forEach(partition -> rewound.put(partition, new OffsetAndMetadata(0)));
      admin.alterConsumerGroupOffsets(group, rewound).all().get();
    }
  }

  /** The latest "already stored" count of each worker instance in the log of {@code worker}, added up. */
  private static long alreadyStored(RoleProcess worker) {
    Map<String, Long> latest = new HashMap<>();
    Matcher line;
    try {
      line = ALREADY_STORED.matcher(worker.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    while (line.find()) {
      latest.put(line.group(1), Long.parseLong(line.group(2).replace(",", "")));
    }
    return latest.values().stream().mapToLong(Long::longValue).sum();
  }
}
