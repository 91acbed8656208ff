package io.tspipe.bench.validation;

import io.tspipe.config.Config;
import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventValidator;
import io.tspipe.event.LibrarySchemas;
import io.tspipe.event.RecentIds;
import io.tspipe.event.SchemaDocuments;
import io.tspipe.generator.GeneratorSettings;
import io.tspipe.generator.OutgoingEvent;
import io.tspipe.generator.Traffic;
import io.tspipe.ipintel.AddressSpace;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.RecordPosition;
import io.tspipe.worker.Classified;
import io.tspipe.worker.BatchWriter;
import io.tspipe.worker.RecordClassifier;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The worker's validation throughput per core with each JSON Schema engine, on the same generated records in one run:
 * the classify path as the worker runs it ({@link RecordClassifier#classify}: UTF-8 and surrogate checks, decoding,
 * the schema, the integer columns, the timestamp, the duplicate window and the IP lookup; then
 * {@link BatchWriter#stage}, which encodes a new event's row as it arrives) over the generator's traffic, its
 * deliberately bad records ({@code BadEventFactory}) and re-sent ones in the generator's shares, with each engine
 * deciding the schemas:
 * <ul>
 *   <li>{@code compiled}: the worker's, compiled predicates with vertx-json-schema deciding and wording the rest;</li>
 *   <li>{@code vertx-json-schema}: that library deciding every record;</li>
 *   <li>{@code networknt}: {@code com.networknt:json-schema-validator} deciding every record.</li>
 * </ul>
 * One thread; warm-up rounds, then measured rounds, the engines taking turns within each round so a change in the
 * machine's load falls on all of them. Per engine it prints the median of the measured rounds in events per second of
 * wall time and per CPU second of the process (the measuring thread with the collector's and the compiler's), and the
 * ratio to {@code compiled}; then how many records each
 * engine judged otherwise than {@code compiled} (accepted or not, and the reject's reason code and field).
 *
 * <pre>
 * java -Xmx2g -cp bench/target/tspipe-bench.jar io.tspipe.bench.validation.ValidationBench \
 *   [--records 200000] [--warmup-rounds 3] [--rounds 5] [--bad-fraction 0.005] [--ip-intelligence .engines/ipdb]
 * </pre>
 */
public final class ValidationBench {

  private static final Duration MAX_AGE = Duration.ofDays(30);
  private static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  private static final String BASELINE = "compiled";

  private record Options(int records, int warmupRounds, int rounds, double badFraction, Path ipIntelligence) {
  }

  private record Engine(String name, EventValidator validator) {
  }

  private ValidationBench() {
  }

  public static void main(String[] args) {
    Options options = parse(List.of(args));
    run(options, System.out);
  }

  private static Options parse(List<String> args) {
    int records = 200_000;
    int warmupRounds = 3;
    int rounds = 5;
    double badFraction = GeneratorSettings.from(Config.defaults().getJsonObject("generator")).badFraction();
    String ipDir = System.getenv().getOrDefault("TSPIPE_IP_INTELLIGENCE_DIR", ".engines/ipdb");
    for (int i = 0; i < args.size(); i += 2) {
      String name = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      if (value == null) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--records" -> records = Integer.parseInt(value);
        case "--warmup-rounds" -> warmupRounds = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--bad-fraction" -> badFraction = Double.parseDouble(value);
        case "--ip-intelligence" -> ipDir = value;
        default -> throw new IllegalArgumentException("unknown option " + name
          + " (--records, --warmup-rounds, --rounds, --bad-fraction, --ip-intelligence)");
      }
    }
    return new Options(records, warmupRounds, rounds, badFraction, Path.of(ipDir));
  }

  private static void run(Options options, PrintStream out) {
    IpIntelligence intelligence = IpIntelligence.load(options.ipIntelligence());
    KafkaSettings kafka = KafkaSettings.from(Config.defaults().getJsonObject("kafka"));
    List<OutgoingEvent> records = generate(options, intelligence);
    List<Buffer> values = records.stream().map(record -> Buffer.buffer(record.value())).toList();
    Map<OutgoingEvent.Kind, Long> kinds = new TreeMap<>();
    records.forEach(record -> kinds.merge(record.kind(), 1L, Long::sum));
    out.printf(Locale.ROOT, "validation bench: %,d records (%s), %d warm-up and %d measured rounds, one thread, %s%n",
      records.size(), kinds, options.warmupRounds(), options.rounds(), Runtime.version());

    Map<String, Supplier<EventValidator>> builders = new LinkedHashMap<>();
    builders.put(BASELINE, () -> new EventValidator(MAX_AGE, MAX_FUTURE_SKEW));
    builders.put("vertx-json-schema",
      () -> new EventValidator(MAX_AGE, MAX_FUTURE_SKEW, new LibrarySchemas(SchemaDocuments.load())));
    builders.put("networknt",
      () -> new EventValidator(MAX_AGE, MAX_FUTURE_SKEW, new NetworkntSchemas(SchemaDocuments.load())));
    List<Engine> engines = new ArrayList<>();
    builders.forEach((name, builder) -> engines.add(new Engine(name, builder.get())));

    Map<String, List<String>> outcomes = new LinkedHashMap<>();
    Map<String, long[]> wallNanos = new LinkedHashMap<>();
    Map<String, long[]> cpuNanos = new LinkedHashMap<>();
    engines.forEach(engine -> {
      wallNanos.put(engine.name(), new long[options.rounds()]);
      cpuNanos.put(engine.name(), new long[options.rounds()]);
    });
    com.sun.management.OperatingSystemMXBean process =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
      boolean measured = round >= options.warmupRounds();
      for (int turn = 0; turn < engines.size(); turn++) {
        Engine engine = engines.get((round + turn) % engines.size());
        RecordClassifier classifier = new RecordClassifier(engine.validator(),
          new RecentIds(600_000, 1_000_000), kafka, intelligence);
        List<String> judged = round == 0 ? new ArrayList<>(records.size()) : null;
        System.gc();
        long now = System.currentTimeMillis();
        long cpu0 = process.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < values.size(); i++) {
          OutgoingEvent record = records.get(i);
          Classified classified = BatchWriter.stage(classifier.classify(
            new RecordPosition(kafka.topicOf(record.type()), 0, i), record.key(), values.get(i), now));
          if (judged != null) {
            judged.add(outcome(classified));
          }
        }
        long wall = System.nanoTime() - wall0;
        long cpu = process.getProcessCpuTime() - cpu0;
        if (judged != null) {
          outcomes.put(engine.name(), judged);
        }
        if (measured) {
          wallNanos.get(engine.name())[round - options.warmupRounds()] = wall;
          cpuNanos.get(engine.name())[round - options.warmupRounds()] = cpu;
        }
        out.printf(Locale.ROOT, "  round %d%s %-18s %,10.0f events/s wall %,10.0f events/CPU-s%n", round + 1,
          measured ? " " : "w", engine.name(), perSecond(records.size(), wall), perSecond(records.size(), cpu));
      }
    }

    double baselineWall = perSecond(records.size(), median(wallNanos.get(BASELINE)));
    double baselineCpu = perSecond(records.size(), median(cpuNanos.get(BASELINE)));
    out.printf(Locale.ROOT, "%nmedian of %d measured rounds, per core (one thread):%n", options.rounds());
    out.printf(Locale.ROOT, "  %-18s %14s %14s %9s %9s%n", "engine", "events/s wall", "events/CPU-s", "wall ×", "CPU ×");
    for (Engine engine : engines) {
      double wall = perSecond(records.size(), median(wallNanos.get(engine.name())));
      double cpu = perSecond(records.size(), median(cpuNanos.get(engine.name())));
      out.printf(Locale.ROOT, "  %-18s %,14.0f %,14.0f %8.1f%% %8.1f%%%n", engine.name(), wall, cpu,
        100 * wall / baselineWall, 100 * cpu / baselineCpu);
    }
    out.printf(Locale.ROOT, "%nverdicts that differ from %s's (accepted or not; reason code and field of a reject):%n",
      BASELINE);
    List<String> baseline = outcomes.get(BASELINE);
    for (Engine engine : engines.subList(1, engines.size())) {
      List<String> judged = outcomes.get(engine.name());
      List<String> examples = new ArrayList<>();
      int differ = 0;
      for (int i = 0; i < baseline.size(); i++) {
        if (!baseline.get(i).equals(judged.get(i))) {
          differ++;
          if (examples.size() < 3) {
            examples.add(BASELINE + " " + baseline.get(i) + " / " + engine.name() + " " + judged.get(i));
          }
        }
      }
      out.printf(Locale.ROOT, "  %-18s %,d of %,d%n", engine.name(), differ, baseline.size());
      examples.forEach(example -> out.println("      " + example));
    }
  }

  private static List<OutgoingEvent> generate(Options options, IpIntelligence intelligence) {
    JsonObject generator = Config.defaults().getJsonObject("generator").copy().put("badFraction", options.badFraction());
    GeneratorSettings settings = GeneratorSettings.from(generator);
    RandomGenerator.SplittableGenerator root =
      (RandomGenerator.SplittableGenerator) RandomGeneratorFactory.of("L64X128MixRandom").create(42);
    Traffic traffic = Traffic.create(settings, AddressSpace.load(intelligence), root, Clock.systemUTC());
    List<OutgoingEvent> records = new ArrayList<>(options.records());
    for (int i = 0; i < options.records(); i++) {
      records.add(traffic.stream().next());
    }
    return records;
  }

  private static String outcome(Classified classified) {
    if (classified instanceof Classified.Reject reject) {
      return "reject " + reject.verdict().reason().code() + " " + reject.verdict().field();
    }
    return classified.getClass().getSimpleName();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double perSecond(int events, long nanos) {
    return events * 1e9 / nanos;
  }
}
