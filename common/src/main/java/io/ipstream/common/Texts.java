package io.ipstream.common;

/** Small helpers for echoing user input inside error messages. */
public final class Texts {
    private static final int CLIP = 64;

    private Texts() {
    }

    /** The text cut to a readable length, so a 10 MiB value never ends up in a log line or header. */
    public static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= CLIP ? text : text.substring(0, CLIP) + "...(" + text.length() + " chars)";
    }
}
