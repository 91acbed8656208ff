package io.tspipe.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The members of an accepted event that its type's schema defines, each in the slot its type's {@link Layout} gives
 * it, and nothing else: a member the schema does not define is never kept, so nothing downstream reads or stores what
 * no check has vouched for (an api_request's {@code geo}, a field shadowing another type's). An object member the
 * schema defines members of ({@code geo}) is an {@code EventFields} of its own layout.
 *
 * <p>Read as a map (the compiled schemas, the integer columns' check, the row encoder and the search documents all
 * read it so), in the layout's order. A member is absent or holds a JSON value as Vert.x decodes one: String, Number,
 * Boolean, null or, for an object, a map. Only the value of a member present may be replaced ({@link #put}), which is
 * how {@link IntegerFields#fit} stores a whole number written as {@code 1.0} as the integer it is.
 */
public final class EventFields extends AbstractMap<String, Object> {

  /** The slot of a member that is absent, never a value: a JSON null is held as {@code null}. */
  private static final Object ABSENT = new Object();

  private final Layout layout;
  private final Object[] values;

  private EventFields(Layout layout, Object[] values) {
    this.layout = layout;
    this.values = values;
  }

  /**
   * The members a schema defines at one level of an event, each with its slot, and the layouts of those that are
   * objects with members of their own. Immutable; built once per type from its schema ({@link #of}).
   */
  public static final class Layout {

    private final String[] names;
    private final Map<String, Integer> slots = new HashMap<>();
    private final Layout[] nested;

    /** {@code names} in slot order; {@code nested}, the layout of each of them that is an object of defined members. */
    private Layout(List<String> names, Map<String, Layout> nested) {
      this.names = names.toArray(String[]::new);
      this.nested = new Layout[this.names.length];
      for (int slot = 0; slot < this.names.length; slot++) {
        slots.put(this.names[slot], slot);
        this.nested[slot] = nested.get(this.names[slot]);
      }
    }

    /**
     * The members the schema {@code id} of {@code documents} defines, with those of the schemas its {@code allOf}
     * refers to: its {@code properties}, and the {@code properties} of each of them that has its own, in the order the
     * schemas name them.
     */
    static Layout of(Map<String, JsonObject> documents, String id) {
      JsonObject schema = documents.get(id);
      Set<String> names = new LinkedHashSet<>();
      Map<String, Set<String>> nested = new HashMap<>();
      List<JsonObject> parts = new ArrayList<>(List.of(schema));
      for (Object part : schema.getJsonArray("allOf", new JsonArray())) {
        String ref = ((JsonObject) part).getString("$ref");
        if (ref != null && !ref.contains("#")) {
          parts.add(documents.get(SchemaDocuments.BASE_URI + ref));
        }
      }
      for (JsonObject part : parts) {
        JsonObject properties = part.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
          names.add(name);
          JsonObject members = properties.getJsonObject(name).getJsonObject("properties");
          if (members != null) {
            nested.computeIfAbsent(name, key -> new LinkedHashSet<>()).addAll(members.fieldNames());
          }
        }
      }
      Map<String, Layout> nestedLayouts = new HashMap<>();
      nested.forEach((name, members) -> nestedLayouts.put(name, new Layout(List.copyOf(members), Map.of())));
      return new Layout(List.copyOf(names), nestedLayouts);
    }

    /** The slot of member {@code name}, or -1 when this level does not define it. */
    int slot(String name) {
      Integer slot = slots.get(name);
      return slot == null ? -1 : slot;
    }

    /** The layout of the object member in {@code slot}, or null when its members are not defined. */
    Layout nested(int slot) {
      return nested[slot];
    }

    /** An event with every member of this level absent, to be filled through {@link EventFields#set}. */
    EventFields empty() {
      Object[] values = new Object[names.length];
      Arrays.fill(values, ABSENT);
      return new EventFields(this, values);
    }

    /**
     * The members of {@code object} (a decoded JSON object) that this layout defines, at this level and inside each
     * nested object it defines; an object member this layout gives members to but that holds no object is kept as it
     * is.
     */
    EventFields copyOf(Map<String, Object> object) {
      EventFields copy = empty();
      for (int slot = 0; slot < names.length; slot++) {
        Object value = object.get(names[slot]);
        if (value == null && !object.containsKey(names[slot])) {
          continue;
        }
        Map<String, Object> members = nested[slot] == null ? null : CompiledSchema.fields(value);
        copy.values[slot] = members == null ? value : nested[slot].copyOf(members);
      }
      return copy;
    }
  }

  /** Whether the member in {@code slot} is present. */
  boolean has(int slot) {
    return values[slot] != ABSENT;
  }

  /** Sets the member in {@code slot}, present from now on. */
  void set(int slot, Object value) {
    values[slot] = value;
  }

  @Override
  public Object get(Object name) {
    int slot = presentSlot(name);
    return slot < 0 ? null : values[slot];
  }

  @Override
  public boolean containsKey(Object name) {
    return presentSlot(name) >= 0;
  }

  /**
   * Replaces the value of member {@code name}, which must be present.
   *
   * @throws UnsupportedOperationException when it is not: an accepted event gains no member
   */
  @Override
  public Object put(String name, Object value) {
    int slot = presentSlot(name);
    if (slot < 0) {
      throw new UnsupportedOperationException("an accepted event gains no member: " + name);
    }
    Object previous = values[slot];
    values[slot] = value;
    return previous;
  }

  @Override
  public int size() {
    int size = 0;
    for (Object value : values) {
      size += value == ABSENT ? 0 : 1;
    }
    return size;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next = present(0);

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Entry<String, Object> entry = new SimpleImmutableEntry<>(layout.names[next], values[next]);
            next = present(next + 1);
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return EventFields.this.size();
      }
    };
  }

  /** The slot of member {@code name} when it is present, else -1. */
  private int presentSlot(Object name) {
    int slot = name instanceof String text ? layout.slot(text) : -1;
    return slot >= 0 && has(slot) ? slot : -1;
  }

  /** The first slot from {@code from} on that holds a member, or the number of slots. */
  private int present(int from) {
    int slot = from;
    while (slot < values.length && values[slot] == ABSENT) {
      slot++;
    }
    return slot;
  }
}
