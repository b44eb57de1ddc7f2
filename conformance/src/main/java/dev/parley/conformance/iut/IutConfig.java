package dev.parley.conformance.iut;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One implementation's adapter config file (spec/conformance.md, contract v1): its name, command
 * templates, declared capabilities, timing scale and the scenarios it opts out of.
 *
 * <pre>
 * name: parley-reference
 * commands:
 *   node: "java -Xmx256m -jar {root}/reference-impl/target/parley.jar node --bind 127.0.0.1:0 --max-packet {max_packet}
 *          --max-message {max_message} --max-memory {max_memory} --time-scale {time_scale}"
 * capabilities: [datagram.echo, datagram.unreachable, datagram.stats, transport.listen, ...]
 * timing_scale: 1.0
 * disabled:
 *   - { scenario: "name", reason: "why" }
 * </pre>
 *
 * @param name         the implementation's name, for reports
 * @param commands     command templates by role ({@code node}, later {@code server}, {@code client}...)
 * @param capabilities what the implementation declares it supports; scenarios tagged
 *                     {@code @requires-<capability>} run only when it is listed
 * @param timingScale  multiplies every timeout of the suite; positive, at most {@value #MAX_SCALE}
 * @param disabled     scenarios the implementation opts out of, by name, with a reason
 * @param source       the file this config was read from
 */
public record IutConfig(String name, Map<String, String> commands, Set<String> capabilities, double timingScale,
                        List<Disabled> disabled, Path source) {

    public static final double MAX_SCALE = 100.0;

    /** Placeholders of contract v1, including those reserved for later chapters (spec/conformance.md section 4). */
    public static final Set<String> PLACEHOLDERS = Set.of("root", "workdir", "max_packet", "max_message", "max_memory",
            "time_scale", "port", "server_port", "user", "password", "data", "server_fingerprint");
    /** Capabilities the suite knows (spec/conformance.md section 8). */
    public static final Set<String> KNOWN_CAPABILITIES = Set.of("datagram.echo", "datagram.unreachable",
            "datagram.stats", "transport.listen", "transport.connect", "framing.messages", "chat.accounts",
            "chat.server", "chat.client");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");

    /** A scenario the implementation opts out of; reported as skipped with {@code reason}. */
    public record Disabled(@JsonProperty("scenario") String scenario, @JsonProperty("reason") String reason) {
    }

    public IutConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("IUT config " + source + ": 'name' is required");
        }
        if (commands == null || commands.isEmpty()) {
            throw new IllegalArgumentException("IUT config " + source + ": 'commands' must name at least one command");
        }
        for (Map.Entry<String, String> command : commands.entrySet()) {
            if (command.getValue() == null || command.getValue().isBlank()) {
                throw new IllegalArgumentException("IUT config " + source + ": command '" + command.getKey()
                        + "' is empty");
            }
            Matcher m = PLACEHOLDER.matcher(command.getValue());
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    throw new IllegalArgumentException("IUT config " + source + ": command '" + command.getKey()
                            + "' uses unknown placeholder {" + m.group(1) + "}; known: " + new TreeSet<>(PLACEHOLDERS));
                }
            }
        }
        if (!(timingScale > 0 && timingScale <= MAX_SCALE)) {
            throw new IllegalArgumentException("IUT config " + source + ": 'timing_scale' must be positive and at most "
                    + MAX_SCALE + ", was " + timingScale);
        }
        for (Disabled d : disabled) {
            if (d.scenario() == null || d.scenario().isBlank() || d.reason() == null || d.reason().isBlank()) {
                throw new IllegalArgumentException("IUT config " + source
                        + ": every 'disabled' entry needs a scenario and a reason, got " + d);
            }
        }
        commands = Map.copyOf(commands);
        capabilities = Set.copyOf(capabilities);
        disabled = List.copyOf(disabled);
    }

    /**
     * Reads and checks a config file [CF-CFG-1]: unknown keys, wrong types, a non-positive
     * {@code timing_scale} and unknown placeholders are errors, so a typo never passes silently.
     */
    public static IutConfig load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        Shape raw;
        try {
            raw = yaml.readValue(file.toFile(), Shape.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read IUT config " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new IllegalArgumentException("IUT config " + file + " is empty");
        }
        return new IutConfig(raw.name,
                raw.commands == null ? Map.of() : new LinkedHashMap<>(raw.commands),
                raw.capabilities == null ? Set.of() : new LinkedHashSet<>(raw.capabilities),
                raw.timingScale == null ? 1.0 : raw.timingScale,
                raw.disabled == null ? List.of() : raw.disabled,
                file.toAbsolutePath().normalize());
    }

    /** True when the implementation declares {@code capability}. */
    public boolean declares(String capability) {
        return capabilities.contains(capability);
    }

    /** Why the implementation opts out of the scenario named {@code scenarioName}, if it does. */
    public Optional<String> disabledReason(String scenarioName) {
        return disabled.stream().filter(d -> d.scenario().equals(scenarioName)).map(Disabled::reason).findFirst();
    }

    /** {@code timeout} multiplied by the timing scale. */
    public Duration scaled(Duration timeout) {
        return Duration.ofNanos(Math.round(timeout.toNanos() * timingScale));
    }

    /**
     * The argument list of the command template {@code role} [CF-CMD-1]: each {@code {placeholder}}
     * is replaced by its value, then the result is split on runs of whitespace; no shell is
     * involved. {@code {root}} and {@code {workdir}} must not contain whitespace [CF-CMD-2].
     *
     * @throws IllegalArgumentException if there is no such command, a placeholder has no value, or
     *                                  a path value contains whitespace
     */
    public List<String> command(String role, Map<String, String> values) {
        String template = commands.get(role);
        if (template == null) {
            throw new IllegalArgumentException("IUT config " + source + " has no '" + role + "' command (it has "
                    + new TreeSet<>(commands.keySet()) + ")");
        }
        for (String path : List.of("root", "workdir")) {
            String value = values.get(path);
            if (value != null && value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("{" + path + "} = '" + value + "' contains whitespace; command "
                        + "templates are split on whitespace, so the suite refuses it [CF-CMD-2]");
            }
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("command '" + role + "' of " + source + " uses placeholder {"
                        + m.group(1) + "}, which the suite does not provide here (it provides "
                        + new TreeSet<>(values.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return List.of(out.toString().strip().split("\\s+"));
    }

    /** Declared capabilities the suite does not know, to warn about [CF-CAP-2]. */
    public Set<String> unknownCapabilities() {
        Set<String> unknown = new TreeSet<>(capabilities);
        unknown.removeAll(KNOWN_CAPABILITIES);
        return unknown;
    }

    /** The file's shape, as Jackson reads it. */
    private static final class Shape {
        @JsonProperty("name")
        String name;
        @JsonProperty("commands")
        Map<String, String> commands;
        @JsonProperty("capabilities")
        List<String> capabilities;
        @JsonProperty("timing_scale")
        Double timingScale;
        @JsonProperty("disabled")
        List<Disabled> disabled;
    }
}
