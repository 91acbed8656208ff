package io.tspipe.bench.pipeline;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The verdicts of the detection phase ({@link DetectionPhase}), while it ingests with the detector running: the
 * verdict API's latency ({@link VerdictLatency}) over {@code --verdict-requests} requests, one at a time, on IPs and
 * users of the stored events, a share of them labelled first.
 */
final class VerdictPhase {

  /** Share of the sampled entities given a label first, so some verdicts rest on labels. */
  private static final int LABEL_EVERY = 10;

  private VerdictPhase() {
  }

  /** Measures the verdict API of the web role at {@code webUrl}; answers its figures with what was sampled. */
  static JsonObject run(BenchRun run, String webUrl) throws IOException, InterruptedException {
    HarnessOptions options = run.options();
    JsonObject sample = new JsonObject();
    List<VerdictLatency.Entity> entities = entities(run.counts(), sample);
    run.phase("verdicts", "%,d requests one at a time over %,d entities (%s), ingesting %,d events/s, the detector"
      + " running", options.verdictRequests(), entities.size(), sample.encode(), options.detectionRate());
    return VerdictLatency.measure(webUrl, entities, options.verdictRequests(), run.out()).put("sample", sample);
  }

  /**
   * IPs and users of the last 10 minutes' stored events, those with detections or labels, and a label set on every
   * {@value #LABEL_EVERY}th of the events' ones (bad, neutral, good in turn); shuffled with a fixed seed. What was
   * sampled is put into {@code sample}.
   */
  private static List<VerdictLatency.Entity> entities(StoreCounts counts, JsonObject sample)
    throws IOException, InterruptedException {
    String database = BenchRun.DATABASE;
    String recent = "timestamp >= now() - INTERVAL 10 MINUTE";
    List<VerdictLatency.Entity> fromEvents = entities(counts, "SELECT 'ip', source_ip FROM " + database
      + ".events WHERE " + recent + " AND source_ip != '' GROUP BY source_ip ORDER BY cityHash64(source_ip) LIMIT 400"
      + " UNION ALL SELECT 'user', toString(user_id) FROM " + database + ".events WHERE " + recent + " AND user_id != "
      + "toUUID('00000000-0000-0000-0000-000000000000') GROUP BY user_id ORDER BY cityHash64(user_id) LIMIT 400");
    List<VerdictLatency.Entity> detected = entities(counts, "SELECT DISTINCT toString(entity_kind), entity FROM "
      + database + ".detections WHERE entity_kind IN ('ip', 'user') LIMIT 200");
    List<VerdictLatency.Entity> labelled = entities(counts, "SELECT DISTINCT toString(entity_kind), entity FROM "
      + database + ".labels WHERE entity_kind IN ('ip', 'user') LIMIT 200");
    List<String> rows = new ArrayList<>();
    String[] connotations = {"bad", "neutral", "good"};
    for (int i = 0; i < fromEvents.size(); i += LABEL_EVERY) {
      VerdictLatency.Entity entity = fromEvents.get(i);
      rows.add(String.format(Locale.ROOT, "('%s', '%s', 'bench_sample', '%s', 'bench', 'person:bench', NULL, false, "
        + "now64(3), 'bench')", entity.kind(), entity.value(), connotations[(i / LABEL_EVERY) % connotations.length]));
    }
    if (!rows.isEmpty()) {
      counts.clickHouseWrite("INSERT INTO " + database + ".labels (entity_kind, entity, label, connotation, reason, "
        + "source, expires_at, removed, changed_at, changed_by) VALUES " + String.join(", ", rows));
    }
    sample.put("fromEvents", fromEvents.size()).put("labelledHere", rows.size())
      .put("withDetections", detected.size()).put("withLabelsBefore", labelled.size());
    List<VerdictLatency.Entity> entities = new ArrayList<>(new LinkedHashSet<>(Stream.of(fromEvents,
      detected, labelled).flatMap(List::stream).toList()));
    Collections.shuffle(entities, new Random(1));
    return entities;
  }

  private static List<VerdictLatency.Entity> entities(StoreCounts counts, String sql)
    throws IOException, InterruptedException {
    String answer = counts.clickHouse(sql);
    if (answer == null) {
      throw new IllegalStateException("ClickHouse refused: " + sql);
    }
    List<VerdictLatency.Entity> entities = new ArrayList<>();
    for (String line : answer.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 2 && !fields[1].isEmpty()) {
        entities.add(new VerdictLatency.Entity(fields[0], fields[1]));
      }
    }
    return entities;
  }
}
