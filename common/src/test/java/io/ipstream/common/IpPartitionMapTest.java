package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPartitionMapTest {
    private static final String SOURCE = "test-map.csv";

    @Test
    void shouldParseTheHeaderAndRows() {
        // given
        String csv = "src_ip,partition\n46.39.79.251,0\n229.46.205.74,1\n187.44.158.33,2\n";

        // when
        IpPartitionMap map = IpPartitionMap.parse(csv, SOURCE);

        // then
        assertThat(map.asMap()).containsExactly(
                Map.entry("46.39.79.251", 0), Map.entry("229.46.205.74", 1), Map.entry("187.44.158.33", 2));
        assertThat(map.pinned("229.46.205.74")).isEqualTo(1);
        assertThat(map.pinned("10.0.0.1")).isNull();
    }

    @Test
    void shouldSkipCommentsBlankLinesAndSurroundingWhitespace() {
        // given
        String csv = "# pinned IPs\r\n\r\n  src_ip , partition \r\n# the busiest one\n 229.46.205.74 , 1 \n\n   \n";

        // when
        IpPartitionMap map = IpPartitionMap.parse(csv, SOURCE);

        // then
        assertThat(map.asMap()).containsExactly(Map.entry("229.46.205.74", 1));
    }

    @Test
    void shouldStoreIpsInCanonicalForm() {
        // given
        String csv = "src_ip,partition\n2001:0DB8:0:0:0:0:0:1,2\n::ffff:1.2.3.4,1\n";

        // when
        IpPartitionMap map = IpPartitionMap.parse(csv, SOURCE);

        // then
        assertThat(map.asMap()).containsOnlyKeys("2001:db8::1", "1.2.3.4");
    }

    @Test
    void shouldAcceptARepeatedIdenticalMapping() {
        // given
        String csv = "src_ip,partition\n1.2.3.4,1\n1.2.3.4,1\n";

        // when
        IpPartitionMap map = IpPartitionMap.parse(csv, SOURCE);

        // then
        assertThat(map.asMap()).containsExactly(Map.entry("1.2.3.4", 1));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'1.2.3.4'          | expected 'src_ip,partition'",
        "'1.2.3.4,1,2'      | expected 'src_ip,partition'",
        "'1.2.3.4;1'        | expected 'src_ip,partition'",
        "'999.1.1.1,1'      | '999.1.1.1' is not an IP address",
        "'01.2.3.4,1'       | '01.2.3.4' is not an IP address",
        "',1'               | is not an IP address",
        "'1.2.3.4,-1'       | partition '-1' is not a non-negative integer",
        "'1.2.3.4,1.5'      | partition '1.5' is not a non-negative integer",
        "'1.2.3.4,one'      | partition 'one' is not a non-negative integer",
        "'1.2.3.4,'         | partition '' is not a non-negative integer",
        "'1.2.3.4,99999999999' | partition '99999999999' is not a non-negative integer",
    })
    void shouldRejectABadLineNamingFileLineAndProblem(String badLine, String problem) {
        // given: the bad line is line 4
        String csv = "src_ip,partition\n# comment\n46.39.79.251,0\n" + badLine + "\n187.44.158.33,2\n";

        // when / then
        assertThatThrownBy(() -> IpPartitionMap.parse(csv, SOURCE))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(SOURCE + " line 4: ")
                .hasMessageContaining(problem);
    }

    @Test
    void shouldRejectAConflictingDuplicateNamingBothPartitions() {
        // given
        String csv = "src_ip,partition\n1.2.3.4,0\n\n::ffff:1.2.3.4,2\n";

        // when / then
        assertThatThrownBy(() -> IpPartitionMap.parse(csv, SOURCE))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("1.2.3.4 is already mapped to partition 0");
    }

    @Test
    void shouldFailRequireFitsNamingIpPartitionAndTopic() {
        // given
        IpPartitionMap map = new IpPartitionMap(Map.of("46.39.79.251", 0, "187.44.158.33", 3));

        // when / then
        assertThatThrownBy(() -> map.requireFits(Topics.IP_LOGS, 3))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("187.44.158.33")
                .hasMessageContaining("partition 3")
                .hasMessageContaining("topic " + Topics.IP_LOGS)
                .hasMessageContaining("only 3 partitions");
    }

    @Test
    void shouldPassRequireFitsWhenEveryPartitionExists() {
        // given
        IpPartitionMap map = new IpPartitionMap(Map.of("46.39.79.251", 0, "187.44.158.33", 2));

        // when / then
        assertThatCode(() -> map.requireFits(Topics.IP_LOGS, 3)).doesNotThrowAnyException();
    }

    @Test
    void shouldPinTheOldSystemsIpsInThePackagedDefault() {
        // when
        IpPartitionMap map = IpPartitionMap.load(null);

        // then: the pinning of the old system's config.json
        assertThat(map.asMap()).containsOnly(
                Map.entry("46.39.79.251", 0), Map.entry("229.46.205.74", 1), Map.entry("187.44.158.33", 2));
    }

    @Test
    void shouldFitThePackagedDefaultIntoThePackagedIpLogsTopic() {
        // given
        IpPartitionMap map = IpPartitionMap.load(null);
        int partitions = TopicsConfig.load(null).find(Topics.IP_LOGS).partitions();

        // when / then
        assertThatCode(() -> map.requireFits(Topics.IP_LOGS, partitions)).doesNotThrowAnyException();
    }

    @Test
    void shouldReportAMissingFileAsAConfigError(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("nope.csv");

        // when / then
        assertThatThrownBy(() -> IpPartitionMap.load(missing))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
    }
}
