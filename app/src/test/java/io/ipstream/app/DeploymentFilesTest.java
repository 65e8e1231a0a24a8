package io.ipstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipstream.app.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docker-compose.yml kept in step with the code: every ipstream service's command is one the CLI
 * accepts, and every IPSTREAM_ variable it sets is one some option reads. (`docker compose config`
 * validates the file's shape; it cannot know our flags.)
 */
class DeploymentFilesTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:(IPSTREAM_[A-Z_]+)");

    @Test
    void shouldRunOnlyCommandsAndVariablesTheCliKnows() throws IOException {
        // given
        // SnakeYAML resolves the file's merge keys (<<: *ipstream), which Jackson's YAML parser leaves as they are.
        JsonNode compose = new ObjectMapper().valueToTree(new Yaml().load(Files.readString(COMPOSE)));
        Set<String> known = variablesTheCliReads();
        known.add("IPSTREAM_DB_PASSWORD");
        known.add("IPSTREAM_API_TOKEN");

        // when / then
        List<String> ipstreamServices = new ArrayList<>();
        compose.get("services").properties().forEach(service -> {
            JsonNode definition = service.getValue();
            if (!definition.path("image").asText().startsWith("ipstream:")) {
                return;
            }
            ipstreamServices.add(service.getKey());
            List<String> command = new ArrayList<>();
            definition.get("command").forEach(arg -> command.add(arg.asText()));
            assertThat(command).as(service.getKey()).isNotEmpty();
            CommandLine.ParseResult parsed = Cli.commandLine().parseArgs(command.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(service.getKey() + " runs a subcommand").isTrue();
            definition.path("environment").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("IPSTREAM_")) {
                    assertThat(known).as(service.getKey() + " sets " + name).contains(name);
                }
            });
        });
        assertThat(ipstreamServices).contains("streams-1", "streams-2", "forecasting", "loader");
    }

    private static Set<String> variablesTheCliReads() {
        Set<String> names = new HashSet<>();
        collect(Cli.commandLine(), names);
        return names;
    }

    private static void collect(CommandLine command, Set<String> names) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.defaultValueString(false) != null) {
                Matcher reference = ENV_REFERENCE.matcher(option.defaultValueString(false));
                while (reference.find()) {
                    names.add(reference.group(1));
                }
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, names));
    }
}
