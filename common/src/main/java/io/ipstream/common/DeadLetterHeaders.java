package io.ipstream.common;

/** Header names on records in the dead-letter topic; the value keeps the original bytes. */
public final class DeadLetterHeaders {
    public static final String REASON = "ipstream.dlq.reason";
    public static final String SOURCE_TOPIC = "ipstream.dlq.source.topic";
    public static final String SOURCE_PARTITION = "ipstream.dlq.source.partition";
    public static final String SOURCE_OFFSET = "ipstream.dlq.source.offset";
    /** Set by the loader: the file and line a rejected record came from. */
    public static final String SOURCE_FILE = "ipstream.dlq.source.file";
    /**
     * Set only on a dead letter whose value was cut to its first {@link IpLogCodec#MAX_VALUE_BYTES}
     * bytes: the length of the original value (see {@link DeadLetterValue}).
     */
    public static final String ORIGINAL_SIZE = "ipstream.dlq.original.size";
    /** Set only on a dead letter whose key was cut (see {@link DeadLetterValue#boundedKey}): the original key's length in characters. */
    public static final String ORIGINAL_KEY_LENGTH = "ipstream.dlq.original.key.length";
    /** Set only on a dead letter whose own headers were too large to keep: how many were dropped. */
    public static final String DROPPED_HEADERS = "ipstream.dlq.dropped.headers";

    private DeadLetterHeaders() {
    }
}
