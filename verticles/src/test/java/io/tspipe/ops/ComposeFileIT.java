package io.tspipe.ops;

import io.tspipe.testing.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The repository's {@code docker-compose.yml} as Compose itself reads it: {@code docker-compose config} (Compose 1.27+)
 * or, where only the plugin is installed, {@code docker compose config} (v2) normalizes the file, with no variable of
 * the {@code TSPIPE_} family set, and the test checks the normalized model; and again as the profile cluster runs it,
 * with {@code clickhouse/server/cluster.env}. Both tools accept the same file and both shapes of their output are
 * understood (Compose 1 lists the services of every profile, Compose 2 those of the active ones). No Docker engine is
 * needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileIT {

  private static final Set<String> ENGINES = Set.of("redpanda", "clickhouse", "meilisearch", "prometheus", "grafana");
  private static final Set<String> ROLES = Set.of("generator", "worker", "detector", "indexer", "web");
  /** The services of the profile cluster: ClickHouse Keeper and the servers of the cluster, in shard order. */
  private static final String KEEPER = "clickhouse-keeper";
  private static final List<String> CLUSTER_SERVERS = List.of("clickhouse-1", "clickhouse-2");
  private static final String CLUSTER_PROFILE = "cluster";
  private static final String CLUSTER_ENV_FILE = "clickhouse/server/cluster.env";
  /** The roles that read or write ClickHouse. */
  private static final Set<String> CLICKHOUSE_ROLES = Set.of("worker", "detector", "web");
  private static final long CONFIG_TIMEOUT_SECONDS = 60;

  private Path repoRoot;
  private Map<String, Object> project;
  private Map<String, Map<String, Object>> services;
  private Map<String, Map<String, Object>> clusterServices;
  private Map<String, Object> clusterProject;

  @BeforeAll
  void normalizeComposeFile() throws Exception {
    repoRoot = ProjectFiles.root();
    List<String> compose = composeCommand()
      .orElseGet(() -> fail("neither docker-compose (1.27+) nor the docker compose plugin (v2) is installed: this"
        + " test validates docker-compose.yml with `docker-compose config`; install one (Debian: apt-get install"
        + " docker-compose)"));
    project = normalized(compose, List.of());
    services = map(project.get("services"), "services");
    clusterProject = normalized(compose, List.of("--env-file", CLUSTER_ENV_FILE, "--profile", CLUSTER_PROFILE));
    clusterServices = map(clusterProject.get("services"), "services");
  }

  /** {@code docker-compose <options> -f docker-compose.yml config}, checked and parsed. */
  private Map<String, Object> normalized(List<String> compose, List<String> options) throws IOException {
    List<String> command = new ArrayList<>(compose);
    command.addAll(options);
    command.addAll(List.of("-f", "docker-compose.yml", "config"));
    Result result = run(command, repoRoot);
    assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " refused docker-compose.yml:\n"
      + result.stderr());
    assertFalse(result.stderr().contains("is not set"), () -> "docker-compose.yml uses a variable without a default"
      + " (write ${VAR:-default}), so `docker compose up` would not work with nothing configured:\n" + result.stderr());
    return new Yaml().load(result.stdout());
  }

  @Test
  @DisplayName("the five engines and the five roles are services of every profile, and nothing else")
  void declaresAllTenServices() {
    Set<String> expected = new TreeSet<>(ENGINES);
    expected.addAll(ROLES);
    assertEquals(expected, new TreeSet<>(withoutProfile(services).keySet()));
    assertEquals(expected, new TreeSet<>(withoutProfile(clusterServices).keySet()));
  }

  @Test
  @DisplayName("the profile cluster adds ClickHouse Keeper and two ClickHouse servers, and nothing else")
  void clusterProfileAddsClickHouseServersAndKeeper() {
    Set<String> expected = new TreeSet<>(CLUSTER_SERVERS);
    expected.add(KEEPER);
    assertEquals(expected, new TreeSet<>(clusterServices.keySet().stream()
      .filter(name -> !withoutProfile(clusterServices).containsKey(name)).toList()));
    expected.forEach(name -> assertEquals(List.of(CLUSTER_PROFILE), clusterServices.get(name).get("profiles"),
      name + " belongs to the profile cluster alone"));
    services.keySet().forEach(name -> assertTrue(expected.contains(name) || !services.get(name).containsKey("profiles"),
      name + " is in a profile other than cluster"));
  }

  @Test
  @DisplayName("with cluster.env the roles read and write ClickHouse through the cluster, else through the single server")
  void rolesFollowTheTopology() {
    Properties env = clusterEnv();
    assertEquals(CLUSTER_PROFILE, env.getProperty("COMPOSE_PROFILES"), CLUSTER_ENV_FILE + " turns the profile on");
    for (String role : CLICKHOUSE_ROLES) {
      Map<String, Object> single = map(services.get(role).get("environment"), role + ".environment");
      assertEquals("http://clickhouse:8123", single.get("TSPIPE_CLICKHOUSE_URL"), role);
      assertEquals("", String.valueOf(single.getOrDefault("TSPIPE_CLICKHOUSE_CLUSTER", "")), role);
      Map<String, Object> clustered = map(clusterServices.get(role).get("environment"), role + ".environment");
      assertEquals("http://" + CLUSTER_SERVERS.get(0) + ":8123", clustered.get("TSPIPE_CLICKHOUSE_URL"), role);
      assertEquals(env.getProperty("TSPIPE_CLICKHOUSE_CLUSTER"), clustered.get("TSPIPE_CLICKHOUSE_CLUSTER"), role);
    }
  }

  @Test
  @DisplayName("the cluster's servers are the shards of the cluster the roles name, each with macros of its own, on Keeper")
  void clusterServersMatchTheirConfiguration() throws Exception {
    String clusterFile = "/etc/clickhouse-server/config.d/cluster.xml";
    Document cluster = xml(mountSource(clusterServices, CLUSTER_SERVERS.get(0), clusterFile));
    String name = clusterEnv().getProperty("TSPIPE_CLICKHOUSE_CLUSTER");
    Element remoteServers = (Element) cluster.getElementsByTagName("remote_servers").item(0);
    Element definition = (Element) remoteServers.getElementsByTagName(name).item(0);
    assertTrue(definition != null, "remote_servers defines no cluster " + name);
    List<String> hosts = new ArrayList<>();
    NodeList shards = definition.getElementsByTagName("shard");
    for (int i = 0; i < shards.getLength(); i++) {
      Element shard = (Element) shards.item(i);
      assertEquals("true", text(shard, "internal_replication"), "shard " + (i + 1) + " replicates internally");
      hosts.add(text(shard, "host"));
    }
    assertEquals(CLUSTER_SERVERS, hosts);
    assertEquals(KEEPER, text((Element) cluster.getElementsByTagName("zookeeper").item(0), "host"));
    Set<String> shardsAndReplicas = new TreeSet<>();
    for (int i = 0; i < CLUSTER_SERVERS.size(); i++) {
      String server = CLUSTER_SERVERS.get(i);
      assertEquals(mountSource(clusterServices, CLUSTER_SERVERS.get(0), clusterFile),
        mountSource(clusterServices, server, clusterFile), server + " mounts the same cluster definition");
      Element macros = (Element) xml(mountSource(clusterServices, server, "/etc/clickhouse-server/config.d/macros.xml"))
        .getElementsByTagName("macros").item(0);
      assertEquals(String.format("%02d", i + 1), text(macros, "shard"), server + " is shard " + (i + 1));
      assertTrue(shardsAndReplicas.add(text(macros, "shard") + "/" + text(macros, "replica")),
        server + " names a shard and replica another server names");
      Map<String, Object> dependsOn = map(clusterServices.get(server).get("depends_on"), server + ".depends_on");
      assertEquals(Set.of(KEEPER), dependsOn.keySet(), server + " waits for Keeper");
    }
  }

  @Test
  @DisplayName("every service has a health check that tests something")
  void everyServiceHasAHealthCheck() {
    allServices().forEach((name, service) -> {
      assertTrue(service.get("healthcheck") instanceof Map, name + " has no healthcheck");
      Map<String, Object> healthcheck = map(service.get("healthcheck"), name + ".healthcheck");
      assertFalse(Boolean.TRUE.equals(healthcheck.get("disable")), name + " disables its healthcheck");
      List<String> test = testOf(healthcheck.get("test"));
      assertFalse(test.isEmpty() || "NONE".equals(test.get(0)), name + " has an empty healthcheck test: " + test);
    });
  }

  @Test
  @DisplayName("every dependency waits for a healthy service that exists")
  void dependenciesWaitForHealthyServices() {
    allServices().forEach((name, service) -> {
      Object dependsOn = service.get("depends_on");
      if (dependsOn == null) {
        return;
      }
      assertTrue(dependsOn instanceof Map, name + ".depends_on is a plain list: it must name condition service_healthy");
      map(dependsOn, name + ".depends_on").forEach((target, condition) -> {
        assertTrue(allServices().containsKey(target), name + " depends on " + target + ", which is not a service");
        assertEquals("service_healthy", map(condition, name + ".depends_on." + target).get("condition"),
          name + " must wait for " + target + " to be healthy");
      });
    });
  }

  @Test
  @DisplayName("every engine keeps its data in a named volume")
  void enginesKeepDataInNamedVolumes() {
    Set<String> declared = clusterProject.get("volumes") == null ? Set.of()
      : map(clusterProject.get("volumes"), "volumes").keySet();
    Set<String> engines = new TreeSet<>(ENGINES);
    engines.addAll(CLUSTER_SERVERS);
    engines.add(KEEPER);
    for (String engine : engines) {
      List<Mount> named = mounts(clusterServices, engine).stream().filter(Mount::named).toList();
      assertFalse(named.isEmpty(), engine + " keeps its data in no named volume");
      named.forEach(mount -> assertTrue(declared.contains(mount.source()),
        engine + " mounts volume " + mount.source() + ", which the top-level volumes do not declare"));
    }
  }

  @Test
  @DisplayName("Grafana is published on 3001 and the dashboard of the web role on 3000")
  void publishesGrafanaAndTheDashboard() {
    assertTrue(publishes("grafana", 3001, 3000), "grafana must publish host port 3001 to its 3000: " + ports("grafana"));
    assertTrue(publishes("web", 3000, 3000), "web must publish host port 3000 to its 3000: " + ports("web"));
  }

  @Test
  @DisplayName("every image is pinned to a tag other than latest")
  void imagesArePinned() {
    allServices().forEach((name, service) -> {
      Object image = service.get("image");
      assertTrue(image instanceof String, name + " names no image");
      String reference = (String) image;
      String lastPart = reference.substring(reference.lastIndexOf('/') + 1);
      boolean digest = reference.contains("@sha256:");
      boolean tagged = lastPart.contains(":") && !lastPart.endsWith(":latest");
      assertTrue(digest || tagged, name + " uses an unpinned image: " + reference);
    });
  }

  @Test
  @DisplayName("the four roles run one image, built by exactly one of them from the repository's Dockerfile")
  void rolesShareOneImageBuiltOnce() {
    Set<Object> images = ROLES.stream().map(role -> services.get(role).get("image")).collect(Collectors.toSet());
    assertEquals(1, images.size(), "the roles run different images: " + images);
    List<String> builders = ROLES.stream().filter(role -> services.get(role).get("build") != null).sorted().toList();
    assertEquals(1, builders.size(), "exactly one role should build the image, the others reuse it; builders: "
      + builders);
    services.forEach((name, service) -> assertTrue(ROLES.contains(name) || service.get("build") == null,
      name + " builds an image; only the roles' image is built here"));
    Map<String, Object> build = map(services.get(builders.get(0)).get("build"), "build");
    Path context = Path.of(String.valueOf(build.get("context")));
    assertEquals(realPath(repoRoot), realPath(context), "the image is built from the repository root");
    Object dockerfile = build.getOrDefault("dockerfile", "Dockerfile");
    assertTrue(Files.isRegularFile(context.resolve(String.valueOf(dockerfile))), "no Dockerfile at " + dockerfile);
  }

  @Test
  @DisplayName("every file and folder compose mounts from the repository exists")
  void mountedFilesExist() {
    List<String> missing = new ArrayList<>();
    Map<String, Map<String, Object>> all = allServices();
    all.keySet().forEach(name -> mounts(all, name).stream().filter(mount -> !mount.named()).forEach(mount -> {
      Path source = Path.of(mount.source()).toAbsolutePath().normalize();
      assertTrue(insideRepo(source), name + " mounts " + source + " from outside the repository");
      if (!Files.exists(source)) {
        missing.add(name + ": " + mount.source());
      }
    }));
    assertTrue(missing.isEmpty(), "compose mounts files that are not in the repository: " + missing);
  }

  private record Result(int exitCode, String stdout, String stderr) {
  }

  /** A mount as normalized by either Compose: long syntax (v2) or {@code source:target[:mode]} (1.x). */
  private record Mount(String source, String target, boolean named) {
  }

  /** Whether the path is the repository or under it, whether or not it exists (compose may resolve symlinks). */
  private boolean insideRepo(Path path) {
    return path.startsWith(repoRoot.toAbsolutePath().normalize()) || path.startsWith(realPath(repoRoot));
  }

  /** The services of both models, each as the cluster profile runs it. */
  private Map<String, Map<String, Object>> allServices() {
    Map<String, Map<String, Object>> all = new TreeMap<>(services);
    all.putAll(clusterServices);
    return all;
  }

  private static Map<String, Map<String, Object>> withoutProfile(Map<String, Map<String, Object>> services) {
    Map<String, Map<String, Object>> always = new TreeMap<>(services);
    always.values().removeIf(service -> service.get("profiles") != null);
    return always;
  }

  private Properties clusterEnv() {
    Properties env = new Properties();
    try (InputStream in = Files.newInputStream(repoRoot.resolve(CLUSTER_ENV_FILE))) {
      env.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return env;
  }

  /** The file of the repository that {@code service} mounts at {@code target}. */
  private Path mountSource(Map<String, Map<String, Object>> services, String service, String target) {
    return mounts(services, service).stream().filter(mount -> mount.target().equals(target)).findFirst()
      .map(mount -> Path.of(mount.source()).toAbsolutePath().normalize())
      .orElseGet(() -> fail(service + " mounts nothing at " + target));
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    assertTrue(nodes.getLength() > 0, "no <" + tag + "> in <" + parent.getTagName() + ">");
    return nodes.item(0).getTextContent().strip();
  }

  private static List<Mount> mounts(Map<String, Map<String, Object>> services, String service) {
    Object volumes = services.get(service).get("volumes");
    if (volumes == null) {
      return List.of();
    }
    List<Mount> mounts = new ArrayList<>();
    for (Object volume : (List<?>) volumes) {
      if (volume instanceof Map<?, ?> longSyntax) {
        mounts.add(new Mount(String.valueOf(longSyntax.get("source")), String.valueOf(longSyntax.get("target")),
          "volume".equals(longSyntax.get("type"))));
      } else {
        String[] parts = String.valueOf(volume).split(":");
        boolean named = !parts[0].startsWith("/") && !parts[0].startsWith(".");
        mounts.add(new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0], named));
      }
    }
    return mounts;
  }

  private List<Object> ports(String service) {
    Object ports = services.get(service).get("ports");
    return ports == null ? List.of() : List.copyOf((List<?>) ports);
  }

  /** Whether the service publishes {@code published} on the host to its {@code target}, whichever syntax. */
  private boolean publishes(String service, int published, int target) {
    for (Object port : ports(service)) {
      if (port instanceof Map<?, ?> longSyntax) {
        if (String.valueOf(published).equals(String.valueOf(longSyntax.get("published")))
          && String.valueOf(target).equals(String.valueOf(longSyntax.get("target")))) {
          return true;
        }
      } else {
        String[] parts = String.valueOf(port).replaceFirst("/(tcp|udp)$", "").split(":");
        int n = parts.length;
        if (n >= 2 && parts[n - 2].equals(String.valueOf(published)) && parts[n - 1].equals(String.valueOf(target))) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> testOf(Object test) {
    if (test instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return test == null ? List.of() : List.of(String.valueOf(test));
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> map(Object value, String what) {
    assertTrue(value instanceof Map, what + " is not a mapping: " + value);
    return (Map<String, V>) value;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code docker-compose}, else {@code docker compose}, whichever answers its version. */
  private static Optional<List<String>> composeCommand() {
    for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        if (run(version, Path.of("")).exitCode() == 0) {
          return Optional.of(candidate);
        }
      } catch (IOException notInstalled) {
        // try the next one
      }
    }
    return Optional.empty();
  }

  /** Runs a command without any TSPIPE_ variable in its environment, so defaults are what is checked. */
  private static Result run(List<String> command, Path workingDir) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toAbsolutePath().toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("TSPIPE_"));
    Process process = builder.start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    try {
      if (!process.waitFor(CONFIG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail(String.join(" ", command) + " did not finish within " + CONFIG_TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return fail("interrupted while running " + String.join(" ", command));
    }
  }

  private static String readAll(InputStream in) {
    try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
