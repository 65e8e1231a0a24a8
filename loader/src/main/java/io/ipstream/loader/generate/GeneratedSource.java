package io.ipstream.loader.generate;

import io.ipstream.common.IpLogCodec;
import io.ipstream.loader.InputRecord;
import io.ipstream.loader.RecordSource;
import java.util.function.Consumer;

/** Generated records as a {@link RecordSource}, so they are sent, paced and reported like a replay. */
public final class GeneratedSource implements RecordSource {
    private final Generator generator;
    private final IpLogCodec codec;
    private final Consumer<AnomalyLabel> truth;
    private final long expected;
    private long produced;

    /** @param truth receives each injected anomaly as its record is produced */
    public GeneratedSource(Generator generator, IpLogCodec codec, Consumer<AnomalyLabel> truth) {
        this.generator = generator;
        this.codec = codec;
        this.truth = truth;
        this.expected = generator.expectedRecords();
    }

    @Override
    public boolean hasNext() {
        return generator.hasNext();
    }

    @Override
    public InputRecord next() {
        Generator.Generated generated = generator.next();
        generated.anomalies().forEach(truth);
        produced++;
        byte[] json = codec.toJson(generated.log());
        return InputRecord.valid("generated", produced, json, generated.log(), json);
    }

    @Override
    public String identity() {
        return "generated";
    }

    @Override
    public double progress() {
        return expected == 0 ? 1 : Math.min(1.0, (double) produced / expected);
    }

    @Override
    public long skipped() {
        return 0;
    }

    @Override
    public void close() {
    }
}
