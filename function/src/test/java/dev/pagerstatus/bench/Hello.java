package dev.pagerstatus.bench;

/** The baseline for cold starts: a JVM that starts, prints and exits. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
