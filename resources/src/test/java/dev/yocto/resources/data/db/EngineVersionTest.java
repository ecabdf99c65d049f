package dev.yocto.resources.data.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine-version check's verdict (the DescribeDBEngineVersions call itself needs AWS: moto lacks it). */
class EngineVersionTest {

    private static final List<String> OFFERED = List.of("13.20", "14.17", "15.12", "16.6", "16.8", "16.10", "17.4",
            "17.5", "9.6.22", "11.9");

    @Test
    void anOfferedVersionPasses() {
        assertThat(RdsSupport.engineVersionProblem("aurora-postgresql", "16.6", "us-west-2", OFFERED)).isEmpty();
    }

    @Test
    void aMissingVersionIsRefusedNamingTheNewestOffered() {
        assertThat(RdsSupport.engineVersionProblem("aurora-postgresql", "16.1", "eu-south-2", OFFERED)).contains(
                "aurora-postgresql 16.1 is not offered in eu-south-2; set database.engineVersion in yocto.yaml to one "
                        + "that is (the newest: 13.20, 14.17, 15.12, 16.6, 16.8, 16.10, 17.4, 17.5)");
    }
}
