package io.tspipe.ops;

import io.tspipe.testing.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

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
import java.util.Set;
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
 * the {@code TSPIPE_} family set, and the test checks the normalized model. Both tools accept the same file and both
 * shapes of their output are understood. No Docker engine is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileIT {

  private static final Set<String> ENGINES = Set.of("redpanda", "clickhouse", "meilisearch", "prometheus", "grafana");
  private static final Set<String> ROLES = Set.of("generator", "worker", "detector", "indexer", "web");
  private static final long CONFIG_TIMEOUT_SECONDS = 60;

  private Path repoRoot;
  private Map<String, Object> project;
  private Map<String, Map<String, Object>> services;

  @BeforeAll
  void normalizeComposeFile() throws Exception {
    repoRoot = ProjectFiles.root();
    List<String> compose = composeCommand()
      .orElseGet(() -> fail("neither docker-compose (1.27+) nor the docker compose plugin (v2) is installed: this"
        + " test validates docker-compose.yml with `docker-compose config`; install one (Debian: apt-get install"
        + " docker-compose)"));
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-f", "docker-compose.yml", "config"));
    Result result = run(command, repoRoot);
    assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " refused docker-compose.yml:\n"
      + result.stderr());
    assertFalse(result.stderr().contains("is not set"), () -> "docker-compose.yml uses a variable without a default"
      + " (write ${VAR:-default}), so `docker compose up` would not work with nothing configured:\n" + result.stderr());
    project = new Yaml().load(result.stdout());
    services = map(project.get("services"), "services");
  }

  @Test
  @DisplayName("the five engines and the five roles are services, and nothing else")
  void declaresAllTenServices() {
    Set<String> expected = new TreeSet<>(ENGINES);
    expected.addAll(ROLES);
    assertEquals(expected, new TreeSet<>(services.keySet()));
  }

  @Test
  @DisplayName("every service has a health check that tests something")
  void everyServiceHasAHealthCheck() {
    services.forEach((name, service) -> {
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
    services.forEach((name, service) -> {
      Object dependsOn = service.get("depends_on");
      if (dependsOn == null) {
        return;
      }
      assertTrue(dependsOn instanceof Map, name + ".depends_on is a plain list: it must name condition service_healthy");
      map(dependsOn, name + ".depends_on").forEach((target, condition) -> {
        assertTrue(services.containsKey(target), name + " depends on " + target + ", which is not a service");
        assertEquals("service_healthy", map(condition, name + ".depends_on." + target).get("condition"),
          name + " must wait for " + target + " to be healthy");
      });
    });
  }

  @Test
  @DisplayName("every engine keeps its data in a named volume")
  void enginesKeepDataInNamedVolumes() {
    Set<String> declared = project.get("volumes") == null ? Set.of()
      : map(project.get("volumes"), "volumes").keySet();
    for (String engine : ENGINES) {
      List<Mount> named = mounts(engine).stream().filter(Mount::named).toList();
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
    services.forEach((name, service) -> {
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
    services.keySet().forEach(name -> mounts(name).stream().filter(mount -> !mount.named()).forEach(mount -> {
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

  private List<Mount> mounts(String service) {
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
