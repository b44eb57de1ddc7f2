package dev.parley.speccheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** spec/conventions.md section 2.4 over the whole repository. */
class RequirementIdsAreDefinedTest {

    @Test
    @DisplayName("every requirement id cited anywhere is defined exactly once in spec/, and the allow-list holds only ids still undefined")
    void everyCitedIdIsDefinedExactlyOnce() {
        List<String> offences = RequirementsCheck.offences(Repository.scan(), Repository.allowList());

        assertThat(offences)
                .withFailMessage(() -> offences.size() + " requirement-id offence(s) (spec/conventions.md §2.4):\n  "
                        + String.join("\n  ", offences))
                .isEmpty();
    }

    @Test
    @DisplayName("the repository defines requirements in every layer chapter, so the scan reads the spec")
    void scanFindsTheChapters() {
        RepositoryScan scan = Repository.scan();

        assertThat(scan.definitions()).containsKeys("DG-CSUM-1", "FR-FRAME-1", "CF-PROC-1");
        assertThat(scan.definitions().get("DG-CSUM-1")).extracting(RepositoryScan.Definition::path)
                .containsOnly("spec/datagram.md");
        assertThat(scan.citations().get("DG-CSUM-1")).extracting(RepositoryScan.Citation::path)
                .anyMatch(p -> p.endsWith(".java")).anyMatch(p -> p.endsWith(".feature"));
    }
}
