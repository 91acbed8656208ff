package io.tspipe.pipeline;

import io.tspipe.RoleProcess;
import io.tspipe.testing.ExactlyOnce;
import io.tspipe.testing.GeneratedRecords;
import io.tspipe.testing.LedgerCheck;
import io.tspipe.testing.PacedProducer;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three worker processes sharing the event topics' partitions while records arrive for over a minute, one of them
 * killed outright every few seconds and started again, so partitions keep moving between members: from a member
 * presumed dead to the others, and from the others to a member that joins.
 */
class ScaleOutIT {

  private static final int RECORDS = 200_000;
  private static final int WORKERS = 3;
  private static final int KILLS = 6;
  private static final Duration PRODUCTION = Duration.ofSeconds(75);
  private static final Pattern ASSIGNED = Pattern.compile("Assigned (\\d+) partitions;");
  private static final Pattern REVOKED = Pattern.compile("Revoked (\\d+) partitions after");
  private static final Pattern HANDED_OVER_IN_FLIGHT = Pattern.compile("handed over while a batch");

  /** One kill: which worker, and how far production and storage were when it landed. */
  private record Kill(String worker, long sent, long stored) {
  }

  @Test
  @DisplayName("three worker processes, one SIGKILLed and restarted every few seconds while 200,000 records arrive, store"
    + " every record exactly once, and the ledger balances")
  void storesExactlyOnceThroughKillsAndRebalances() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("scale-out")) {
      // one consumer per process, and a member that stops heartbeating is presumed dead after 6 s
      pipeline.config().getJsonObject("worker").put("instances", 1).put("sessionTimeoutMs", 6000);
      LedgerCheck.sampleOften(pipeline);
      GeneratedRecords generated = TestPipeline.generate(RECORDS, false, 31);
      long goodEvents = generated.goodIds().size();

      List<RoleProcess> workers = new ArrayList<>();
      List<RoleProcess> started = new ArrayList<>();
      List<Kill> kills = new ArrayList<>();
      try {
        for (int i = 0; i < WORKERS; i++) {
          workers.add(pipeline.startWorker("worker-" + i + "-run-0"));
        }
        started.addAll(workers);
        // the workers create the topics and the tables the ledger samples into
        String web = pipeline.deployWeb();
        Instant since = LedgerCheck.awaitFirstSample(web, Duration.ofMinutes(2));
        try (PacedProducer producer = pipeline.producePaced(generated.records(), PRODUCTION)) {
          for (int kill = 1; kill <= KILLS; kill++) {
            producer.awaitSent((long) RECORDS * kill / (KILLS + 1), Duration.ofMinutes(2));
            int victim = (kill - 1) % WORKERS;
            RoleProcess worker = workers.get(victim);
            // the victim holds partitions and is writing them when it dies
            pipeline.awaitLogLine(worker, "Assigned ", Duration.ofMinutes(2));
            worker.kill();
            kills.add(new Kill(worker.name(), producer.sent(), pipeline.number("SELECT count() FROM ${db}.events")));
            RoleProcess restarted = pipeline.startWorker("worker-" + victim + "-run-" + kill);
            workers.set(victim, restarted);
            started.add(restarted);
          }
          producer.awaitAcknowledged(Duration.ofMinutes(2));
        }

        ExactlyOnce.awaitAndAssert(pipeline, generated, Duration.ofMinutes(3));
        JsonObject totals = LedgerCheck.awaitBalanced(web, since, generated, Duration.ofMinutes(3)).getJsonObject("totals");

        long assignments = count(ASSIGNED, started);
        long revocations = count(REVOKED, started);
        System.out.printf("[%s] %,d records (%,d valid events) produced over %d s; %d SIGKILLs, %d restarts; %d"
            + " assignments and %d fenced revocations across %d worker processes; %d hand-overs with a batch still"
            + " in flight; at each kill (worker, records sent, events stored): %s; ledger totals %s%n",
          pipeline.name(), RECORDS, goodEvents, PRODUCTION.toSeconds(), kills.size(), started.size() - WORKERS,
          assignments, revocations, started.size(), count(HANDED_OVER_IN_FLIGHT, started), kills, totals.encode());
        assertEquals(KILLS, kills.size(), "workers killed");
        assertTrue(kills.stream().allMatch(kill -> kill.stored() < goodEvents),
          "every kill lands while events are still to be stored: " + kills);
        assertTrue(revocations > 0, "partitions were handed over to a worker that joined, through the fence");
      } finally {
        for (RoleProcess worker : workers) {
          worker.stop();
        }
      }
    }
  }

  /** Lines matching {@code pattern} in the logs of {@code workers}, added up. */
  private static long count(Pattern pattern, List<RoleProcess> workers) throws IOException {
    long lines = 0;
    for (RoleProcess worker : workers) {
      Matcher line = pattern.matcher(worker.log());
      while (line.find()) {
        lines++;
      }
    }
    return lines;
  }
}
