package io.tspipe.detector;

import io.tspipe.detection.Detection;
import io.tspipe.detection.EntityKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads rule files ({@code *.yaml} in the rules folder, each a list of rules; format in {@code rules/README.md}) and
 * checks every rule down to compiling its query. A rule that fails is reported with its file, name and line and left
 * out; the others load. Pure apart from reading the files.
 */
final class RuleLoader {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d)");
  private static final Set<String> KEYS = Set.of("name", "description", "severity", "entity", "mode", "window",
    "history", "every", "filter", "features", "condition", "skip_labels", "escalate", "label", "replaces");
  private static final Duration MAX_WINDOW = Duration.ofDays(1);
  private static final Duration MAX_HISTORY = Duration.ofDays(7);

  /** What a folder of rule files gave: the rules that load, and why the others do not. */
  record Loaded(List<Rule> rules, List<RuleException> errors) {
  }

  private RuleLoader() {
  }

  static Loaded loadFolder(Path folder, String database) {
    List<Rule> rules = new ArrayList<>();
    List<RuleException> errors = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(file -> file.getFileName().toString().endsWith(".yaml")
        || file.getFileName().toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      errors.add(new RuleException(folder.toString(), null, 0, "cannot list the rules folder: " + e.getMessage()));
      return new Loaded(List.of(), errors);
    }
    Set<String> names = new HashSet<>();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        errors.add(new RuleException(file.getFileName().toString(), null, 0, "cannot read: " + e.getMessage()));
        continue;
      }
      Loaded loaded = load(file.getFileName().toString(), text, database);
      errors.addAll(loaded.errors());
      for (Rule rule : loaded.rules()) {
        if (names.add(rule.name())) {
          rules.add(rule);
        } else {
          errors.add(new RuleException(rule.file(), rule.name(), rule.line(), "another file already has a rule of "
            + "this name"));
        }
      }
    }
    return new Loaded(List.copyOf(rules), List.copyOf(errors));
  }

  static Loaded load(String file, String text, String database) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      return new Loaded(List.of(), List.of(new RuleException(file, null, e.getProblemMark().getLine() + 1,
        "not valid YAML: " + e.getProblem())));
    } catch (RuntimeException e) {
      return new Loaded(List.of(), List.of(new RuleException(file, null, 0, "not valid YAML: " + e.getMessage())));
    }
    if (root == null) {
      return new Loaded(List.of(), List.of());
    }
    if (!(root instanceof SequenceNode list)) {
      return new Loaded(List.of(), List.of(new RuleException(file, null, line(root),
        "a rule file is a list of rules, each starting with '- name:'")));
    }
    List<Rule> rules = new ArrayList<>();
    List<RuleException> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node node : list.getValue()) {
      try {
        Rule rule = rule(file, text, node, database);
        if (!names.add(rule.name())) {
          throw new RuleException(file, rule.name(), line(node), "the file already has a rule of this name");
        }
        rules.add(rule);
      } catch (RuleException e) {
        errors.add(e);
      }
    }
    return new Loaded(rules, errors);
  }

  private static Rule rule(String file, String text, Node node, String database) {
    if (!(node instanceof MappingNode mapping)) {
      throw new RuleException(file, null, line(node), "a rule is a mapping of name, entity, window, features, ...");
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      fields.put(scalar(file, null, tuple.getKeyNode(), "key"), tuple.getValueNode());
    }
    String name = fields.containsKey("name") ? scalar(file, null, fields.get("name"), "name") : null;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new RuleException(file, name, line(node), "name: required, lower-case letters, digits and _ (at most 64)");
    }
    Context at = new Context(file, name, fields, line(node));
    for (String key : fields.keySet()) {
      if (!KEYS.contains(key)) {
        throw at.error(key, "unknown key; a rule has " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    String description = at.required("description");
    String severity = at.oneOf("severity", Rule.SEVERITIES, null);
    EntityKind entity = EntityKind.fromWireName(at.required("entity"))
      .orElseThrow(() -> at.error("entity", "expected one of " + EntityKind.allowedValues()));
    Detection.Mode mode = Detection.Mode.valueOf(at.oneOf("mode", List.of("live", "shadow"), "live")
      .toUpperCase(Locale.ROOT));
    String replaces = fields.containsKey("replaces") ? at.required("replaces") : null;
    if (replaces != null && (mode != Detection.Mode.SHADOW || !NAME.matcher(replaces).matches())) {
      throw at.error("replaces", mode != Detection.Mode.SHADOW ? "only a shadow rule replaces another"
        : "the name of the rule this one would replace");
    }
    Duration window = at.duration("window", true, MAX_WINDOW);
    Duration history = fields.containsKey("history") ? at.duration("history", true, MAX_HISTORY) : Duration.ZERO;
    // Evaluated less often than its window, a rule would never see the events that fall between two evaluations.
    Duration every = fields.containsKey("every") ? at.duration("every", true, window) : Duration.ZERO;
    Expression filter = fields.containsKey("filter") ? at.expression("filter", fields.get("filter")) : null;
    Node featuresNode = fields.get("features");
    if (!(featuresNode instanceof MappingNode featureMap) || featureMap.getValue().isEmpty()) {
      throw at.error("features", "required: a mapping of feature names to their expressions");
    }
    Map<String, Expression> features = new LinkedHashMap<>();
    Map<String, Node> featureNodes = new LinkedHashMap<>();
    for (NodeTuple tuple : featureMap.getValue()) {
      String feature = scalar(file, name, tuple.getKeyNode(), "features");
      if (!NAME.matcher(feature).matches()) {
        throw new RuleException(file, name, line(tuple.getKeyNode()),
          "features." + feature + ": a feature name is lower-case letters, digits and _");
      }
      features.put(feature, at.expression("features." + feature, tuple.getValueNode()));
      featureNodes.put("features." + feature, tuple.getValueNode());
    }
    Expression condition = at.expression("condition", fields.get("condition"));
    List<String> skip = at.names("skip_labels", fields.get("skip_labels"));
    List<String> escalate = List.of();
    String escalated = null;
    if (fields.get("escalate") instanceof MappingNode escalation) {
      Context inner = at.nested("escalate", escalation);
      escalate = inner.names("labels", inner.fields.get("labels"));
      escalated = inner.oneOf("severity", Rule.SEVERITIES, null);
    } else if (fields.containsKey("escalate")) {
      throw at.error("escalate", "a mapping of labels and severity");
    }
    Rule.LabelEffect label = null;
    if (fields.get("label") instanceof MappingNode effect) {
      Context inner = at.nested("label", effect);
      String labelName = inner.required("name");
      if (!NAME.matcher(labelName).matches()) {
        throw inner.error("name", "a label is lower-case letters, digits and _");
      }
      label = new Rule.LabelEffect(labelName, inner.oneOf("connotation", List.of("bad", "good", "neutral"), "bad"),
        inner.duration("expires", true, Duration.ofDays(365)));
    } else if (fields.containsKey("label")) {
      throw at.error("label", "a mapping of name, connotation and expires");
    }
    Rule rule = new Rule(name, description, severity, entity, window, history, every, filter, features, condition,
      mode, skip, escalate, escalated, label, replaces, version(text, node), file, line(node));
    try {
      RuleQuery.compile(rule, database);
    } catch (RuleException.Invalid invalid) {
      Node clause = invalid.clause.startsWith("features.") ? featureNodes.get(invalid.clause) : fields.get(invalid.clause);
      throw new RuleException(file, name, clause == null ? line(node) : lineAt(clause, invalid.position),
        invalid.clause + ": " + invalid.getMessage());
    }
    return rule;
  }

  /** Reads the fields of one rule (or of one of its nested mappings), naming the field in every error. */
  private record Context(String file, String rule, Map<String, Node> fields, String prefix, int ruleLine) {

    Context(String file, String rule, Map<String, Node> fields, int ruleLine) {
      this(file, rule, fields, "", ruleLine);
    }

    Context nested(String key, MappingNode mapping) {
      Map<String, Node> inner = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        inner.put(scalar(file, rule, tuple.getKeyNode(), prefix + key), tuple.getValueNode());
      }
      return new Context(file, rule, inner, prefix + key + ".", RuleLoader.line(mapping));
    }

    RuleException error(String key, String message) {
      Node node = fields.get(key);
      return new RuleException(file, rule, node == null ? ruleLine : RuleLoader.line(node), prefix + key + ": " + message);
    }

    String required(String key) {
      if (!fields.containsKey(key)) {
        throw error(key, "required");
      }
      String value = scalar(file, rule, fields.get(key), prefix + key);
      if (value.isBlank()) {
        throw error(key, "required");
      }
      return value;
    }

    String oneOf(String key, List<String> allowed, String fallback) {
      if (!fields.containsKey(key) && fallback != null) {
        return fallback;
      }
      String value = required(key);
      if (!allowed.contains(value)) {
        throw error(key, "expected one of " + String.join(", ", allowed) + ", got '" + value + "'");
      }
      return value;
    }

    Duration duration(String key, boolean positive, Duration max) {
      String value = required(key);
      Matcher matcher = DURATION.matcher(value);
      if (!matcher.matches()) {
        throw error(key, "expected a duration such as 30s, 5m, 1h or 7d, got '" + value + "'");
      }
      long amount = Long.parseLong(matcher.group(1));
      Duration duration = switch (matcher.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      if ((positive && duration.isZero()) || duration.compareTo(max) > 0) {
        throw error(key, "expected more than 0 and at most " + written(max) + ", got " + value);
      }
      return duration;
    }

    /** A duration as a rule file writes it, in its largest whole unit. */
    private static String written(Duration duration) {
      long seconds = duration.toSeconds();
      return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3_600 == 0 ? seconds / 3_600 + "h"
        : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    Expression expression(String key, Node node) {
      if (node == null) {
        throw error(key, "required");
      }
      String text = scalar(file, rule, node, prefix + key);
      try {
        return Expression.parse(text);
      } catch (Expression.SyntaxError e) {
        throw new RuleException(file, rule, lineAt(node, e.position), prefix + key + ": " + e.getMessage());
      }
    }

    List<String> names(String key, Node node) {
      if (node == null) {
        return List.of();
      }
      if (!(node instanceof SequenceNode list)) {
        throw error(key, "a list of label names, such as [allowlisted]");
      }
      List<String> names = new ArrayList<>();
      for (Node item : list.getValue()) {
        String name = scalar(file, rule, item, prefix + key);
        if (!NAME.matcher(name).matches()) {
          throw new RuleException(file, rule, line(item), prefix + key + ": '" + name + "' is not a label name");
        }
        names.add(name);
      }
      return List.copyOf(names);
    }
  }

  private static String scalar(String file, String rule, Node node, String key) {
    if (!(node instanceof ScalarNode scalar)) {
      throw new RuleException(file, rule, line(node), key + ": expected a single value");
    }
    return scalar.getValue();
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** The line of a position inside a scalar's text (a folded or literal block spans lines). */
  private static int lineAt(Node node, int position) {
    if (!(node instanceof ScalarNode scalar)) {
      return line(node);
    }
    String value = scalar.getValue();
    int lines = 0;
    for (int i = 0; i < Math.min(position, value.length()); i++) {
      if (value.charAt(i) == '\n') {
        lines++;
      }
    }
    boolean block = scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
      || scalar.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED;
    return line(node) + lines + (block ? 1 : 0);
  }

  /** A digest of the rule's own text: the version a detection names. */
  private static String version(String text, Node node) {
    String own = text.substring(node.getStartMark().getIndex(), Math.min(text.length(), node.getEndMark().getIndex()));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(own.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
