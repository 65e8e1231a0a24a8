package io.ipstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The canonical fast path must agree with the general parser on every input, valid or not. */
class CanonicalJsonTest {
    private static final IpLogCodec CODEC = new IpLogCodec(ZoneId.of("Europe/Istanbul"));

    private static List<byte[]> canonicalSeedRecords() throws InvalidRecordException {
        List<byte[]> records = new ArrayList<>();
        for (Map<String, String> row : SeedData.csvRows()) {
            records.add(CODEC.toJson(CODEC.fromFields(row)));
        }
        return records;
    }

    /** The outcome of one path: the decoded record, or the rejection reason. */
    private static Object outcome(Decoder decoder, byte[] value) {
        try {
            return decoder.decode(value);
        } catch (InvalidRecordException e) {
            return e.reason();
        }
    }

    private interface Decoder {
        IpLogCodec.Decoded decode(byte[] value) throws InvalidRecordException;
    }

    @Test
    void shouldReadEveryCanonicalSeedRecordOnTheFastPathAsTheGeneralParserDoes() throws Exception {
        for (byte[] record : canonicalSeedRecords()) {
            // when
            IpLogCodec.Decoded fast = CanonicalJson.read(record, CODEC.eventTimes());

            // then
            assertThat(fast).as(new String(record, StandardCharsets.UTF_8)).isNotNull().isEqualTo(CODEC.decodeGeneral(record));
        }
    }

    @Test
    void shouldReadLocalTimestampsInTheCanonicalLayoutAsZoneDependentAsTheGeneralParserDoes() throws Exception {
        for (byte[] record : canonicalSeedRecords()) {
            // given: the seed record with its UTC timestamp written as a local time instead
            String text = new String(record, StandardCharsets.US_ASCII);
            String local = text.replaceFirst("\"timestamp\":\"(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})Z\"",
                    "\"timestamp\":\"$1 $2\"");
            byte[] localRecord = local.getBytes(StandardCharsets.US_ASCII);

            // when
            IpLogCodec.Decoded fast = CanonicalJson.read(localRecord, CODEC.eventTimes());

            // then: read on the fast path, in the codec's zone, and marked as depending on it
            assertThat(local).isNotEqualTo(text);
            assertThat(fast).as(local).isNotNull().isEqualTo(CODEC.decodeGeneral(localRecord));
            assertThat(fast.zoneIndependent()).isFalse();
        }
    }

    @Test
    void shouldDeclineATimestampFollowedByMoreThanTheClosingBrace() throws Exception {
        // given: a canonical record with a stray string after its timestamp
        byte[] record = canonicalSeedRecords().get(0);
        String text = new String(record, StandardCharsets.US_ASCII);
        byte[] stray = (text.substring(0, text.length() - 1) + "\"x\"}").getBytes(StandardCharsets.US_ASCII);

        // when / then: not read on the fast path, and the general parser names the problem
        assertThat(CanonicalJson.read(stray, CODEC.eventTimes())).isNull();
        assertThat(outcome(CODEC::decode, stray)).isInstanceOf(String.class).isEqualTo(outcome(CODEC::decodeGeneral, stray));
    }

    @Test
    void shouldLeaveTheOldSystemsLayoutToTheGeneralParser() throws Exception {
        // given: numbers as strings and a local timestamp, as in the example files
        byte[] legacy = Files.readAllBytes(SeedData.exampleFiles().get(0));

        // when / then
        assertThat(CanonicalJson.read(legacy, CODEC.eventTimes())).isNull();
        assertThat(CODEC.decode(legacy)).isEqualTo(CODEC.decodeGeneral(legacy));
    }

    @Test
    void shouldAgreeWithTheGeneralParserOnMutatedRecords() throws Exception {
        // given: canonical records with random bytes replaced, inserted or removed
        SplittableRandom random = new SplittableRandom(20261127);
        List<byte[]> seeds = canonicalSeedRecords();
        byte[] alphabet = "0123456789-+.eE\"\\:,{}[] azZT\u00e9".getBytes(StandardCharsets.UTF_8);
        int fastAccepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] original = seeds.get(random.nextInt(seeds.size()));
            byte[] mutated = mutate(original, random, alphabet);

            // when
            Object viaDecode = outcome(CODEC::decode, mutated);
            Object viaGeneral = outcome(CODEC::decodeGeneral, mutated);

            // then
            assertThat(viaDecode).as(new String(mutated, StandardCharsets.UTF_8)).isEqualTo(viaGeneral);
            if (CanonicalJson.read(mutated, CODEC.eventTimes()) != null) {
                fastAccepted++;
            }
        }
        assertThat(fastAccepted).as("mutations the fast path still read (e.g. another digit)").isPositive();
    }

    private static byte[] mutate(byte[] original, SplittableRandom random, byte[] alphabet) {
        int position = random.nextInt(original.length);
        byte replacement = alphabet[random.nextInt(alphabet.length)];
        switch (random.nextInt(3)) {
            case 0: {
                byte[] copy = original.clone();
                copy[position] = replacement;
                return copy;
            }
            case 1: {
                byte[] longer = new byte[original.length + 1];
                System.arraycopy(original, 0, longer, 0, position);
                longer[position] = replacement;
                System.arraycopy(original, position, longer, position + 1, original.length - position);
                return longer;
            }
            default: {
                byte[] shorter = new byte[original.length - 1];
                System.arraycopy(original, 0, shorter, 0, position);
                System.arraycopy(original, position + 1, shorter, position, original.length - position - 1);
                return shorter;
            }
        }
    }
}
