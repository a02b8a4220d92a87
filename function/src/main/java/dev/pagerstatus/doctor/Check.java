package dev.pagerstatus.doctor;

/** One line of doctor's report: what was checked, how it went, what was found, and the fix (empty if none). */
public record Check(String name, Status status, String found, String fix) {
    public enum Status {
        PASSED,
        WARNING,
        FAILED
    }

    public static Check passed(String name, String found) {
        return new Check(name, Status.PASSED, found, "");
    }

    public static Check warning(String name, String found, String fix) {
        return new Check(name, Status.WARNING, found, fix);
    }

    public static Check failed(String name, String found, String fix) {
        return new Check(name, Status.FAILED, found, fix);
    }
}
