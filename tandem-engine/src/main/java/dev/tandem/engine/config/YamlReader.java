package dev.tandem.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a YAML file into {@link Node}s that remember their line numbers. */
final class YamlReader {
  private final Path file;

  YamlReader(Path file) {
    this.file = file;
  }

  Node read(String text) {
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return Node.nothing(1);
      }
      return value(p, t);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String reason = e.getOriginalMessage().split("\n")[0];
      throw new ConfigError(file, line, "not valid YAML: " + reason);
    } catch (IOException e) {
      throw new ConfigError(file, 0, "cannot read: " + e.getMessage());
    }
  }

  private Node value(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT -> {
        Node map = Node.map(line);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          if (map.map.containsKey(key)) {
            throw new ConfigError(file, keyLine, "'" + key + "' is given twice");
          }
          map.keyLines.put(key, keyLine);
          map.map.put(key, value(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(value(p, next));
        }
        return Node.list(line, items);
      }
      case VALUE_NULL -> {
        return Node.nothing(line);
      }
      default -> {
        return Node.scalar(line, p.getText());
      }
    }
  }
}
