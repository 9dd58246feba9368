package dev.tandem.engine.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it was written on, so that every config error can say where it is.
 * Exactly one of {@link #scalar}, {@link #map} and {@link #list} is set (none for a null value).
 */
final class Node {
  final int line;
  final String scalar;
  final Map<String, Node> map;
  final Map<String, Integer> keyLines;
  final List<Node> list;

  private Node(
      int line,
      String scalar,
      Map<String, Node> map,
      Map<String, Integer> keyLines,
      List<Node> list) {
    this.line = line;
    this.scalar = scalar;
    this.map = map;
    this.keyLines = keyLines;
    this.list = list;
  }

  static Node scalar(int line, String value) {
    return new Node(line, value, null, null, null);
  }

  static Node map(int line) {
    return new Node(line, null, new LinkedHashMap<>(), new LinkedHashMap<>(), null);
  }

  static Node list(int line, List<Node> items) {
    return new Node(line, null, null, null, items);
  }

  static Node nothing(int line) {
    return new Node(line, null, null, null, null);
  }

  boolean isNull() {
    return scalar == null && map == null && list == null;
  }

  String kind() {
    if (map != null) {
      return "a map";
    }
    if (list != null) {
      return "a list";
    }
    return scalar == null ? "empty" : "a value";
  }
}
