package io.capsulemq.broker.engine.filter;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.capsulemq.broker.engine.filter.TestMessages.props;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FiltersTest {

    @Test
    void shouldCompileEachTypeAndSayTheExpressionBack() {
        CompiledFilter tags = Filters.compile(FilterType.TAG, "TagA || TagB");
        assertInstanceOf(TagFilter.class, tags);
        assertEquals(FilterType.TAG, tags.type());
        assertEquals("TagA || TagB", tags.expression());
        assertEquals("TAG filter \"TagA || TagB\"", tags.toString());

        CompiledFilter sql = Filters.compile(FilterType.SQL92, "a > 1 AND b IS NULL");
        assertInstanceOf(SqlFilter.class, sql);
        assertEquals(FilterType.SQL92, sql.type());
        assertEquals("a > 1 AND b IS NULL", sql.expression());
        assertEquals("SQL92 filter \"a > 1 AND b IS NULL\"", sql.toString());
        assertEquals("((a > 1) AND (b IS NULL))", ((SqlFilter) sql).canonical());
    }

    @Test
    void shouldRequireAType() {
        assertThrows(NullPointerException.class, () -> Filters.compile(null, "*"));
    }

    @Test
    void shouldReadTypeNamesAsRocketMqSendsThem() {
        assertEquals(FilterType.TAG, FilterType.forName(null));
        assertEquals(FilterType.TAG, FilterType.forName(""));
        assertEquals(FilterType.TAG, FilterType.forName("TAG"));
        assertEquals(FilterType.SQL92, FilterType.forName("SQL92"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterType.forName("sql92"));
        assertTrue(e.getMessage().contains("\"sql92\""), e.getMessage());
    }

    @Test
    void shouldEvaluateOneCompiledFilterFromManyThreads() throws Exception {
        CompiledFilter filter = Filters.compile(FilterType.SQL92,
                "(k BETWEEN 100 AND 199 OR k > 900) AND s IN ('x', 'y') AND NOT (m IS NOT NULL)");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> counts = IntStream.range(0, 4).mapToObj(t -> pool.submit(() -> {
                int matched = 0;
                for (int k = 0; k < 1000; k++) {
                    Map<String, String> p = props("k", Integer.toString(k), "s", k % 2 == 0 ? "x" : "z");
                    if (filter.matches(TestMessages.message(p))) {
                        matched++;
                    }
                }
                return matched;
            })).toList();
            long expected = IntStream.range(0, 1000)
                    .filter(k -> (k >= 100 && k <= 199 || k > 900) && k % 2 == 0).count();
            for (Future<Integer> count : counts) {
                assertEquals(expected, count.get().longValue());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldEvaluateWithoutAllocatingForIntegerAndStringComparisons() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        SqlFilter filter = SqlFilter.compile("a BETWEEN 1 AND 10 AND s IN ('x', 'y') AND t <> 'z' AND u IS NULL");
        Map<String, String> properties = props("a", "7", "s", "y", "t", "q");
        int rounds = 200_000;
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int matched = 0;
        for (int i = 0; i < rounds; i++) {
            if (filter.matches(properties)) {
                matched++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(rounds, matched);
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for " + rounds + " evaluations");
    }
}
