package dev.pagerstatus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path directory;

    private Path file(String... lines) throws Exception {
        Path file = directory.resolve("pagerstatus.env");
        Files.write(file, List.of(lines));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void fillsInWhatTheEnvironmentDoesNotSet() throws Exception {
        Path file = file("# keys", "STATUSPAGE_KEY=from-file", "", "PD_ACCOUNT_ACME=\"quoted\"");

        Map<String, String> env =
                EnvFile.merged(Map.of(EnvFile.VARIABLE, file.toString(), "STATUSPAGE_KEY", "from-environment"));

        assertThat(env).containsEntry("STATUSPAGE_KEY", "from-environment").containsEntry("PD_ACCOUNT_ACME", "quoted");
    }

    @Test
    void writesAValueInPlaceKeepingCommentsAndOwnerOnlyMode() throws Exception {
        Path file = file("# comment", "PD_WEBHOOK_SECRET_ACME=old", "OTHER=x");

        EnvFile.put(file, "PD_WEBHOOK_SECRET_ACME", "old,new");
        EnvFile.put(file, "PD_WEBHOOK_SECRET_GLOBEX", "g");

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "# comment", "PD_WEBHOOK_SECRET_ACME=old,new", "OTHER=x", "PD_WEBHOOK_SECRET_GLOBEX=g");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void createsTheFileOwnerOnlyWhenItDoesNotExist() throws Exception {
        Path file = directory.resolve("new.env");

        EnvFile.put(file, "PD_WEBHOOK_SECRET_ACME", "s");

        assertThat(EnvFile.read(file)).containsEntry("PD_WEBHOOK_SECRET_ACME", "s");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAFileOthersMayRead() throws Exception {
        Path file = file("A=b");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> EnvFile.merged(Map.of(EnvFile.VARIABLE, file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void namesTheLineThatIsNotAVariable() throws Exception {
        Path file = file("A=b", "just words");

        assertThatThrownBy(() -> EnvFile.merged(Map.of(EnvFile.VARIABLE, file.toString())))
                .hasMessageContaining("line 2 is not NAME=value");
    }

    @Test
    void namesAMissingFile() {
        assertThatThrownBy(() -> EnvFile.merged(
                        Map.of(EnvFile.VARIABLE, directory.resolve("nope").toString())))
                .hasMessageContaining("does not exist");
    }

    @Test
    void theExpiryOfTheStatuspageKeyIsNotAPageKey() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "STATUSPAGE_PAGE",
                "kctbh9vrtdwd",
                "STATUSPAGE_KEY",
                "k",
                "PD_ACCOUNT_ACME",
                "a",
                "STATUSPAGE_KEY_EXPIRES",
                "2027-01-01",
                EnvFile.VARIABLE,
                "/x"));

        assertThat(EnvironmentSettings.load(env).accountNames()).containsExactly("acme");
    }

    @Test
    void refusesADirectoryRatherThanSuggestingItsModeBeChanged() {
        assertThatThrownBy(() -> EnvFile.merged(Map.of(EnvFile.VARIABLE, directory.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a regular file")
                .hasMessageNotContaining("chmod");
    }

    @Test
    void readsExportLinesAsMostDotEnvFilesWriteThemAndWritesOverThemInPlace() throws Exception {
        Path file = file("export STATUSPAGE_KEY=from-file", "export PD_WEBHOOK_SECRET_ACME='old'");

        assertThat(EnvFile.read(file))
                .containsEntry("STATUSPAGE_KEY", "from-file")
                .containsEntry("PD_WEBHOOK_SECRET_ACME", "old");
        EnvFile.put(file, "PD_WEBHOOK_SECRET_ACME", "new");
        assertThat(Files.readAllLines(file))
                .containsExactly("export STATUSPAGE_KEY=from-file", "PD_WEBHOOK_SECRET_ACME=new");
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingTheLineButNeverTheValue() throws Exception {
        Path file = file("# keys", "STATUSPAGE_KEY=\"sk-secret-value");

        assertThatThrownBy(() -> EnvFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2 (STATUSPAGE_KEY) opens a quote it does not close")
                .hasMessageNotContaining("sk-secret-value");
    }
}
