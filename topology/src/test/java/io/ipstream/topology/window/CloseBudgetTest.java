package io.ipstream.topology.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CloseBudgetTest {
    @Test
    void shouldGiveEachThreadOneBudgetSharedByEverythingItRuns() throws Exception {
        // given: the budget this thread's processors would get
        CloseBudget here = CloseBudget.ofCurrentThread();

        // when: asked for again on this thread, and on another thread
        CloseBudget again = CloseBudget.ofCurrentThread();
        AtomicReference<CloseBudget> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(CloseBudget.ofCurrentThread()));
        other.start();
        other.join();

        // then: one instance per thread
        assertThat(again).isSameAs(here);
        assertThat(elsewhere.get()).isNotNull().isNotSameAs(here);
    }

    @Test
    void shouldGiveTheShareAgainInEachNewPeriodAndNothingBeyondItWithinOne() {
        // given: a budget whose period has been fully spent
        CloseBudget budget = new CloseBudget();
        assertThat(budget.remainingNanos(0)).isEqualTo(CloseBudget.SHARE.toNanos());
        budget.spend(CloseBudget.SHARE.toNanos() + 1);

        // when / then: nothing is left in that period, the whole share in the next
        assertThat(budget.remainingNanos(CloseBudget.PERIOD.toMillis() - 1)).isZero();
        assertThat(budget.remainingNanos(CloseBudget.PERIOD.toMillis())).isEqualTo(CloseBudget.SHARE.toNanos());
    }
}
