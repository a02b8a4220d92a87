package dev.pagerstatus.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code PAGERSTATUS_ENV_FILE}: a file of {@code NAME=value} lines that every command reads at start for each
 * variable the environment does not set, so keys and webhook secrets need not sit in a shell's history. Blank
 * lines and {@code #} comments are kept when {@code setup} writes a value. It holds secrets, so it must be
 * readable by its owner only (mode 0600), as ssh insists for its keys; pagerstatus writes it that way.
 */
public final class EnvFile {
    public static final String VARIABLE = "PAGERSTATUS_ENV_FILE";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private EnvFile() {}

    /** The environment with the file's variables added beneath it; unchanged when no file is named. */
    public static Map<String, String> merged(Map<String, String> env) {
        return merged(env, false);
    }

    /**
     * {@code mayBeMissing}: for setup, which creates the file (mode 0600) when it first stores a secret; every
     * other command refuses a file that does not exist, most likely a typo.
     */
    public static Map<String, String> merged(Map<String, String> env, boolean mayBeMissing) {
        String named = env.get(VARIABLE);
        if (named == null || named.isBlank()) {
            return env;
        }
        Path file = Path.of(named.strip());
        if (!Files.exists(file) && mayBeMissing) {
            return env;
        }
        if (!Files.exists(file)) {
            throw new ConfigException(VARIABLE + " names " + file + ", which does not exist; create it (mode 0600)"
                    + " or let setup --apply write it");
        }
        Map<String, String> merged = new HashMap<>(read(file));
        merged.putAll(env);
        return merged;
    }

    /** The file's variables; an empty map when it does not exist yet. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new ConfigException(file + " (" + VARIABLE + ") is not a regular file: name the file of NAME=value"
                    + " lines, like ./pagerstatus.env");
        }
        try {
            requireOwnerOnly(file);
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException(
                    file + " (" + VARIABLE + ") cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = withoutExport(lines.get(number - 1).strip());
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals).strip();
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(file + " line " + number + " is not NAME=value (nor a # comment)");
            }
            String value = line.substring(equals + 1).strip();
            if (unclosedQuote(value)) {
                throw new ConfigException(file + " line " + number + " (" + name + ") opens a quote it does not close");
            }
            variables.put(name, unquoted(value));
        }
        return variables;
    }

    /**
     * Sets one variable, in place where the file has it, else at the end; every other line, comments included,
     * stays as it was. The file is replaced whole (written beside it with mode 0600, then moved over it), so a
     * reader never sees half of it.
     */
    public static void put(Path file, String name, String value) throws IOException {
        if (!NAME.matcher(name).matches() || value.contains("\n")) {
            throw new IllegalArgumentException("not a variable: " + name);
        }
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
        String line = name + "=" + value;
        int at = indexOf(lines, name);
        if (at >= 0) {
            lines.set(at, line);
        } else {
            lines.add(line);
        }
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, ".pagerstatus-env", ".tmp", ownerOnly(directory));
        try {
            Files.write(temporary, lines);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static int indexOf(List<String> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            String line = withoutExport(lines.get(i).strip());
            if (line.startsWith(name + "=") || line.startsWith(name + " =")) {
                return i;
            }
        }
        return -1;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path directory) {
        return posix(directory)
                ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (posix(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            throw new ConfigException(
                    file + " (" + VARIABLE + ") holds secrets but others may read it: chmod 600 " + file);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** {@code export NAME=value}, as many .env files write it so a shell may source them. */
    private static String withoutExport(String line) {
        return line.startsWith("export ") ? line.substring("export ".length()).strip() : line;
    }

    private static boolean unclosedQuote(String value) {
        return (value.startsWith("\"") || value.startsWith("'"))
                && (value.length() < 2 || value.charAt(value.length() - 1) != value.charAt(0));
    }

    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
