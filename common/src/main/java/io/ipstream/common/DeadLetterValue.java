package io.ipstream.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;

/**
 * The value a dead letter keeps: the original bytes, or for a value over
 * {@link IpLogCodec#MAX_VALUE_BYTES} its first that many bytes with the original length in
 * {@link DeadLetterHeaders#ORIGINAL_SIZE}. A dead letter must always fit in the dead-letter topic,
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
}
