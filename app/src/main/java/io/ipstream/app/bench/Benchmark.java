package io.ipstream.app.bench;

import java.util.Map;

/** One benchmark: runs baseline and ours alternately and returns its figures (the JSON fields). */
public interface Benchmark {
    Map<String, Object> run(BenchContext context) throws Exception;
}
