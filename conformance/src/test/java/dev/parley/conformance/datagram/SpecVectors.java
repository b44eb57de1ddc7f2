package dev.parley.conformance.datagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The datagram test vectors of spec/vectors/datagram.json, by group type. */
final class SpecVectors {

    /** One vector with the settings of its group. */
    record Vector(int tcId, String comment, String input, String result, JsonNode expected, String error,
                  JsonNode group) {
        @Override
        public String toString() {
            return "tcId " + tcId + ": " + comment;
        }
    }

    private SpecVectors() {
    }

    static List<Vector> group(String type) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(repositoryRoot().resolve("spec/vectors/datagram.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            if (!group.get("type").asText().equals(type)) {
                continue;
            }
            for (JsonNode t : group.get("tests")) {
                vectors.add(new Vector(t.get("tcId").asInt(), t.get("comment").asText(), t.get("input").asText(),
                        t.get("result").asText(), t.get("expected"), t.path("error").asText(null), group));
            }
        }
        if (vectors.isEmpty()) {
            throw new IllegalStateException("no vectors of type " + type);
        }
        return vectors;
    }

    static Path repositoryRoot() {
        String property = System.getProperty("parley.root", "").strip();
        return property.isEmpty() ? Path.of("..").toAbsolutePath().normalize() : Path.of(property).toAbsolutePath().normalize();
    }
}
