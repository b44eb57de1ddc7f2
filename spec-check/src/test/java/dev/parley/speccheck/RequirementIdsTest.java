package dev.parley.speccheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequirementIdsTest {

    @Test
    @DisplayName("finds ids in brackets, tags, comments and YAML values, with multi-part topics")
    void findsIds() {
        assertThat(RequirementIds.citedIn("set to zero [DG-CSUM-1]. @TR-FLOW-3 req: TR-SEC-INJ-2}"))
                .containsExactly("DG-CSUM-1", "TR-FLOW-3", "TR-SEC-INJ-2");
    }

    @Test
    @DisplayName("ignores what only looks like an id: canonical codes, placeholders, longer words, leading zeros")
    void ignoresLookAlikes() {
        assertThat(RequirementIds.citedIn("TR_BAD_FLAGS DG-CTL-n XDG-CSUM-1 DG-CSUM-1x DG-CSUM-01 dg-csum-1")).isEmpty();
    }

    @Test
    @DisplayName("expands the compact range TR-LOSS-1..4 and the bracketed range [DG-CTL-5] … [DG-CTL-8]")
    void expandsRanges() {
        assertThat(RequirementIds.citedIn("(TR-LOSS-1..4)")).containsExactlyInAnyOrder("TR-LOSS-1", "TR-LOSS-2", "TR-LOSS-3", "TR-LOSS-4");
        assertThat(RequirementIds.citedIn("[DG-CTL-5] … [DG-CTL-8], [DG-DROP-1]...[DG-DROP-2]"))
                .containsExactlyInAnyOrder("DG-CTL-5", "DG-CTL-6", "DG-CTL-7", "DG-CTL-8", "DG-DROP-1", "DG-DROP-2");
        assertThat(RequirementIds.citedIn("[DG-CTL-5] … [DG-RATE-8]")).containsExactlyInAnyOrder("DG-CTL-5", "DG-RATE-8");
    }

    @Test
    @DisplayName("a level is the key words of the rule, strongest first; MUST-class and SHOULD-class are told apart")
    void levels() {
        assertThat(RequirementIds.levelOf("It SHOULD log, and MUST NOT stop; it MAY retry.")).isEqualTo("MUST NOT, SHOULD, MAY");
        assertThat(RequirementIds.levelOf("A sender segments data.")).isEqualTo("none");
        assertThat(RequirementIds.isMust("MUST, SHOULD")).isTrue();
        assertThat(RequirementIds.isMust("SHOULD NOT")).isFalse();
        assertThat(RequirementIds.isMust("MUST (withdrawn)")).isFalse();
        assertThat(RequirementIds.isShould("SHOULD NOT")).isTrue();
    }
}
