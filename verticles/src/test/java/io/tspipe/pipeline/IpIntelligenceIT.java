package io.tspipe.pipeline;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.ipintel.AddressSpace;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.ipintel.Network;
import io.tspipe.ipintel.NetworkKind;
import io.tspipe.testing.IpDatabase;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IP intelligence end to end on the real engines: events from real residential, mobile and hosting networks (and a
 * few private and documentation addresses) go through Kafka, the worker and the indexer; every stored row and
 * document carries what the database says of its source address, and the AS and network pivots answer from them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpIntelligenceIT {

  private static final int EVENTS = 1_500;
  private static final List<String> UNKNOWN_ADDRESSES = List.of("10.20.30.40", "192.168.1.1", "198.51.100.7",
    "2001:db8::42", "::1");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestPipeline pipeline;
  private String baseUrl;
  private IpIntelligence intelligence;
  /** Each event's id, its source address and the network it was drawn from (null for the unknown addresses). */
  private final Map<String, Sent> sent = new HashMap<>();

  private record Sent(String id, String sourceIp, Network network) {
  }

  @BeforeAll
  void storeEventsFromRealNetworks() throws Exception {
    intelligence = IpDatabase.load();
    AddressSpace space = AddressSpace.load(intelligence);
    List<Network> networks = space.networks();
    SplittableRandom random = new SplittableRandom(2026);
    pipeline = TestPipeline.create("ip-intel");
    List<OutgoingEvent> records = new ArrayList<>();
    for (OutgoingEvent record : TestPipeline.generate(EVENTS * 2, false, 77).records()) {
      if (record.kind() != OutgoingEvent.Kind.GOOD || records.size() == EVENTS) {
        continue;
      }
      JsonObject event = new JsonObject(record.value());
      Network network = records.size() % 50 == 0 ? null : networks.get(random.nextInt(networks.size()));
      String address = network == null ? UNKNOWN_ADDRESSES.get(random.nextInt(UNKNOWN_ADDRESSES.size()))
        : network.randomAddress(random, 0.3);
      event.put("sourceIp", address);
      sent.put(event.getString("id"), new Sent(event.getString("id"), address, network));
      records.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
    }
    pipeline.deployWorker();
    pipeline.deployIndexer();
    baseUrl = pipeline.deployWeb();
    pipeline.produce(records);
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", EVENTS, Duration.ofMinutes(2));
    pipeline.awaitDocuments(EVENTS, Duration.ofMinutes(2));
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("every stored event carries its address's country, AS, organisation, hosting flag, prefix and IPv6 form")
  void everyRowIsEnriched() {
    List<JsonObject> rows = pipeline.rows("SELECT toString(id) AS id, source_ip, toString(source_addr) AS addr, "
      + "ip_prefix, ip_country, asn, as_org, ip_hosting FROM ${db}.events");
    assertEquals(EVENTS, rows.size());
    int hosting = 0;
    for (JsonObject row : rows) {
      Sent event = sent.get(row.getString("id"));
      assertNotNull(event, row.encode());
      assertEquals(event.sourceIp(), row.getString("source_ip"), "the text as sent");
      IpInfo expected = intelligence.lookup(event.sourceIp());
      String what = event.sourceIp() + " " + row.encode();
      assertEquals(IpAddresses.parse(event.sourceIp()), IpAddresses.parse(row.getString("addr")), what);
      assertEquals(expected.prefix(), row.getString("ip_prefix"), what);
      assertEquals(expected.country(), row.getString("ip_country"), what);
      assertEquals(expected.asn(), Long.parseLong(row.getValue("asn").toString()), what);
      assertEquals(expected.asOrg(), row.getString("as_org"), what);
      assertEquals(expected.hosting(), isTrue(row.getValue("ip_hosting")), what);
      if (event.network() == null) {
        assertEquals(0, expected.asn(), what);
        assertEquals("", expected.country(), what);
      } else {
        assertEquals(event.network().country(), row.getString("ip_country"), what);
        assertEquals(event.network().asn(), expected.asn(), what);
        assertEquals(event.network().kind() == NetworkKind.HOSTING, isTrue(row.getValue("ip_hosting")), what);
        hosting += event.network().kind() == NetworkKind.HOSTING ? 1 : 0;
      }
    }
    assertTrue(hosting > 0, "some events came from hosting networks");
    assertEquals(hosting, pipeline.number("SELECT count() FROM ${db}.events WHERE ip_hosting"));
  }

  @Test
  @DisplayName("an AS's profile counts its stored events and lists its prefixes and IPs")
  void asnPivot() throws Exception {
    long asn = busiest(event -> event.network() != null, event -> event.network().asn());
    long expected = count(event -> event.network() != null && event.network().asn() == asn);
    JsonObject profile = getJson("/api/v1/entities/asn/" + asn, 200);
    assertEquals("asn", profile.getString("kind"));
    assertEquals(expected, profile.getLong("events"));
    assertEquals(asn, profile.getJsonObject("intelligence").getLong("asn"));
    assertEquals(intelligence.lookup(sourceOf(asn)).asOrg(), profile.getJsonObject("intelligence").getString("asOrg"));
    JsonArray prefixes = profile.getJsonObject("related").getJsonArray("prefixes");
    assertFalse(prefixes.isEmpty());
    for (Object prefix : prefixes) {
      String value = ((JsonObject) prefix).getString("value");
      assertEquals("/api/v1/entities/prefix/" + URLEncoder.encode(value, StandardCharsets.UTF_8),
        ((JsonObject) prefix).getString("href"));
      assertEquals(count(event -> intelligence.lookup(event.sourceIp()).prefix().equals(value)
        && event.network() != null && event.network().asn() == asn), ((JsonObject) prefix).getLong("events"), value);
    }
    assertFalse(profile.getJsonObject("related").getJsonArray("ips").isEmpty());
    assertEquals(expected, searchTotal(new JsonObject().put("asn", new JsonArray().add(asn))));
    getJson("/api/v1/entities/asn/64496", 404);
  }

  @Test
  @DisplayName("a network's profile reads the events whose address it spans: a /24 or /48, and a wider CIDR")
  void prefixPivot() throws Exception {
    for (boolean ipv4 : new boolean[] {true, false}) {
      Sent one = sent.values().stream()
        .filter(event -> event.network() != null && event.sourceIp().contains(":") != ipv4)
        .min(Comparator.comparing(Sent::id)).orElseThrow();
      String prefix = intelligence.lookup(one.sourceIp()).prefix();
      IpAddresses.Cidr cidr = IpAddresses.parseCidr(prefix);
      long expected = count(event -> cidr.contains(IpAddresses.parse(event.sourceIp())));
      JsonObject profile = getJson("/api/v1/entities/prefix/" + URLEncoder.encode(prefix, StandardCharsets.UTF_8), 200);
      assertEquals(prefix, profile.getString("value"));
      assertEquals(expected, profile.getLong("events"), prefix);
      assertEquals(expected, searchTotal(new JsonObject().put("prefix", prefix)), prefix);

      IpAddresses.Cidr wide = wider(cidr, ipv4 ? 12 : 24);
      long inWide = count(event -> wide.contains(IpAddresses.parse(event.sourceIp())));
      JsonObject wideProfile = getJson("/api/v1/entities/prefix/"
        + URLEncoder.encode(wide.toString(), StandardCharsets.UTF_8), 200);
      assertEquals(inWide, wideProfile.getLong("events"), wide.toString());
      assertTrue(wideProfile.getJsonObject("related").getJsonArray("asns").stream()
        .anyMatch(asn -> ((JsonObject) asn).getString("value").equals(Long.toString(one.network().asn()))));
    }
    assertEquals("value", getJson("/api/v1/entities/prefix/" + URLEncoder.encode("203.0.113.9/24",
      StandardCharsets.UTF_8), 400).getString("field"));
    assertEquals("value", getJson("/api/v1/entities/asn/0", 400).getString("field"));
  }

  @Test
  @DisplayName("an IP's profile shows its country, AS, organisation, hosting flag and prefix, linked to their pivots")
  void ipProfileShowsItsIntelligence() throws Exception {
    Sent hosted = sent.values().stream()
      .filter(event -> event.network() != null && event.network().kind() == NetworkKind.HOSTING)
      .min(Comparator.comparing(Sent::id)).orElseThrow();
    IpInfo info = intelligence.lookup(hosted.sourceIp());
    JsonObject intel = getJson("/api/v1/entities/ip/" + URLEncoder.encode(hosted.sourceIp(), StandardCharsets.UTF_8),
      200).getJsonObject("intelligence");
    assertEquals(hosted.network().country(), intel.getString("country"));
    assertEquals(hosted.network().asn(), intel.getLong("asn"));
    assertEquals(info.asOrg(), intel.getString("asOrg"));
    assertTrue(intel.getBoolean("hosting"));
    assertEquals(info.prefix(), intel.getString("prefix"));
    assertEquals("/api/v1/entities/asn/" + info.asn(), intel.getString("asnHref"));
    assertEquals("/api/v1/entities/prefix/" + URLEncoder.encode(info.prefix(), StandardCharsets.UTF_8),
      intel.getString("prefixHref"));
    assertEquals(count(event -> event.network() != null && event.network().kind() == NetworkKind.HOSTING),
      searchTotal(new JsonObject().put("hosting", true)));
  }

  private long busiest(Predicate<Sent> filter, java.util.function.Function<Sent, Long> key) {
    return sent.values().stream().filter(filter).collect(Collectors.groupingBy(key, Collectors.counting()))
      .entrySet().stream().max(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
      .orElseThrow().getKey();
  }

  private String sourceOf(long asn) {
    return sent.values().stream().filter(event -> event.network() != null && event.network().asn() == asn)
      .findFirst().orElseThrow().sourceIp();
  }

  private long count(Predicate<Sent> filter) {
    return sent.values().stream().filter(filter).count();
  }

  /** The network of {@code length} bits holding {@code cidr}. */
  private static IpAddresses.Cidr wider(IpAddresses.Cidr cidr, int length) {
    IpAddresses.Ip first = cidr.first();
    int hostBits = (cidr.ipv4() ? 32 : 128) - length;
    long high = hostBits > 64 ? first.high() & (-1L << (hostBits - 64)) : first.high();
    long low = hostBits >= 64 ? 0 : first.low() & (-1L << hostBits);
    return IpAddresses.parseCidr(IpAddresses.format(new IpAddresses.Ip(high, low)) + "/" + length);
  }

  private long searchTotal(JsonObject filters) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/search"))
      .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("filters", filters).put("limit", 1).encode()))
      .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return new JsonObject(answer.body()).getLong("total");
  }

  private JsonObject getJson(String path, int status) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
      .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, answer.statusCode(), path + " → " + answer.body());
    return new JsonObject(answer.body());
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value)) || "1".equals(String.valueOf(value));
  }
}
