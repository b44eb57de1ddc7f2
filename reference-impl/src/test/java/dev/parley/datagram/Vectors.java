package dev.parley.datagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads a published test-vector file (spec/vectors/, Wycheproof style) from the test classpath. */
final class Vectors {

    record Case(String group, int tcId, String comment, byte[] input, boolean valid, JsonNode expected,
                String error, JsonNode groupNode) {
        @Override
        public String toString() {
            return "tcId " + tcId + ": " + comment;
        }
    }

    private Vectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("vector file not on the classpath: " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases(JsonNode file, String groupType) {
        List<Case> out = new ArrayList<>();
        for (JsonNode group : file.get("testGroups")) {
            if (!group.get("type").asText().equals(groupType)) {
                continue;
            }
            for (JsonNode test : group.get("tests")) {
                out.add(new Case(groupType, test.get("tcId").asInt(), test.get("comment").asText(),
                        HexFormat.of().parseHex(test.get("input").asText()),
                        test.get("result").asText().equals("valid"), test.get("expected"),
                        test.path("error").asText(null), group));
            }
        }
        return out;
    }

    static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }
}
