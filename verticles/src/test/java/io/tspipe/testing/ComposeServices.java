package io.tspipe.testing;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services of the repository's {@code docker-compose.yml} as a test runs them itself, without Compose: each one's image,
 * command, environment (every {@code ${VAR:-default}} its default), host name, and the files of the repository it
 * mounts. Named volumes are left out: a test's container keeps its data in itself.
 */
public final class ComposeServices {

  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");

  private final Path root;
  private final Map<String, Object> services;

  private ComposeServices(Path root, Map<String, Object> services) {
    this.root = root;
    this.services = services;
  }

  /** The services of {@code docker-compose.yml} at the project's root. */
  public static ComposeServices read() {
    Path root = ProjectFiles.root();
    try {
      Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
      return new ComposeServices(root, asMap(compose.get("services")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The service {@code name}; fails naming it when the file has none. */
  public Service service(String name) {
    Map<String, Object> service = asMap(services.get(name));
    if (service.isEmpty()) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + name);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    asMap(service.get("environment")).forEach((key, value) -> environment.put(key, withDefaults(String.valueOf(value))));
    List<String> command = service.get("command") instanceof List<?> list
      ? list.stream().map(String::valueOf).toList() : List.of();
    Map<Path, String> files = new LinkedHashMap<>();
    if (service.get("volumes") instanceof List<?> volumes) {
      for (Object volume : volumes) {
        String[] parts = String.valueOf(volume).split(":");
        if (parts[0].startsWith(".")) {
          files.put(root.resolve(parts[0]).normalize(), parts[1]);
        }
      }
    }
    return new Service(name, String.valueOf(service.get("image")), command, environment,
      String.valueOf(service.getOrDefault("hostname", name)), files);
  }

  /**
   * A service as the file declares it.
   *
   * @param files the repository's files it mounts, each to its path in the container
   */
  public record Service(String name, String image, List<String> command, Map<String, String> environment,
                        String hostname, Map<Path, String> files) {
  }

  private static String withDefaults(String value) {
    Matcher matcher = DEFAULTED.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2)));
    }
    return matcher.appendTail(resolved).toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
