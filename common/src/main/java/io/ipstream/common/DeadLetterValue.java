package io.ipstream.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a dead letter keeps of the rejected record: the original bytes, or for a value over
 * {@link IpLogCodec#MAX_VALUE_BYTES} its first that many bytes with the original length in
 * {@link DeadLetterHeaders#ORIGINAL_SIZE}; likewise a bounded key and bounded headers. A dead letter must always fit in the dead-letter topic,
 * or the producer refuses it and the whole stream thread (or the loader) stops: a compressed batch
 * of a few kilobytes can carry a value of many megabytes past the broker's 1 MiB limit, so the size
 * of what arrives is not bounded by the input topic.
 */
public final class DeadLetterValue {
    /**
     * The largest dead letter: a value of {@link IpLogCodec#MAX_VALUE_BYTES} with room to spare for
     * its key and headers, even uncompressed. The dead-letter topic's {@code max.message.bytes} and
     * the {@code max.request.size} of every producer that writes dead letters are at least this.
     */
    public static final int MAX_RECORD_BYTES = 2 * IpLogCodec.MAX_VALUE_BYTES;
    /** The longest key a dead letter keeps, in characters: at most 64 KiB of UTF-8. */
    public static final int MAX_KEY_CHARS = 16 * 1024;
    /** The most header bytes (names and values) a dead letter keeps from the rejected record. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private DeadLetterValue() {
    }

    /**
     * The value to write for {@code original} (null stays null), recording in {@code headers} the
     * original length when it had to be cut; a size header the input itself carried is dropped.
     */
    public static byte[] bounded(byte[] original, Headers headers) {
        headers.remove(DeadLetterHeaders.ORIGINAL_SIZE);
        if (original == null || original.length <= IpLogCodec.MAX_VALUE_BYTES) {
            return original;
        }
        headers.add(DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(original.length).getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(original, IpLogCodec.MAX_VALUE_BYTES);
    }

    /** The key a dead letter keeps: {@code key}, or its first {@link #MAX_KEY_CHARS} characters. */
    public static String boundedKey(String key) {
        return key == null || key.length() <= MAX_KEY_CHARS ? key : key.substring(0, MAX_KEY_CHARS);
    }

    /**
     * The headers a dead letter keeps of {@code headers}: all of them, or, when together they pass
     * {@link #MAX_HEADER_BYTES}, none, with their number in {@link DeadLetterHeaders#DROPPED_HEADERS}
     * (a huge header would make the dead letter too large, like a huge value). Records the original
     * key's length in {@link DeadLetterHeaders#ORIGINAL_KEY_LENGTH} when {@link #boundedKey} cuts it.
     */
    public static Headers boundedHeaders(Headers headers, String key) {
        Header[] all = headers.toArray();
        long bytes = 0;
        for (Header header : all) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        Headers kept = bytes <= MAX_HEADER_BYTES ? new RecordHeaders(all) : new RecordHeaders();
        kept.remove(DeadLetterHeaders.DROPPED_HEADERS);
        kept.remove(DeadLetterHeaders.ORIGINAL_KEY_LENGTH);
        if (bytes > MAX_HEADER_BYTES) {
            kept.add(DeadLetterHeaders.DROPPED_HEADERS, Integer.toString(all.length).getBytes(StandardCharsets.UTF_8));
        }
        if (key != null && key.length() > MAX_KEY_CHARS) {
            kept.add(DeadLetterHeaders.ORIGINAL_KEY_LENGTH, Integer.toString(key.length()).getBytes(StandardCharsets.UTF_8));
        }
        return kept;
    }
}
