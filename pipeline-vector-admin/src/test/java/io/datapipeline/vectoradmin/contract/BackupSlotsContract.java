package io.datapipeline.vectoradmin.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.vectoradmin.port.BackupSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupSlots} must do, run against the in-memory fake and PostgreSQL: a slot is claimed once,
 * whoever asks; finishing a slot records its backup and does not free it.
 */
public abstract class BackupSlotsContract {

    private static final Instant SLOT = Instant.parse("2026-12-04T02:00:00Z");

    /** Slots of a database where none was claimed. */
    protected abstract BackupSlots freshSlots();

    private BackupSlots slots;

    @BeforeEach
    void setUpSlots() {
        slots = freshSlots();
    }

    @Test
    void givenAFreeSlot_whenTwoInstancesClaimIt_thenOnlyTheFirstGetsIt() {
        assertThat(slots.claim(SLOT, "instance-a")).isTrue();
        assertThat(slots.claim(SLOT, "instance-b")).as("another instance").isFalse();
        assertThat(slots.claim(SLOT, "instance-a")).as("the same instance again (a restarted process)").isFalse();
    }

    @Test
    void givenClaimedSlots_whenAnotherSlotIsClaimed_thenSlotsAreIndependent() {
        assertThat(slots.claim(SLOT, "instance-a")).isTrue();
        assertThat(slots.claim(SLOT.plusSeconds(3600), "instance-b")).isTrue();
    }

    @Test
    void givenAFinishedSlot_whenClaimedAgain_thenItStaysTaken() {
        assertThat(slots.claim(SLOT, "instance-a")).isTrue();
        slots.finish(SLOT, "20261204_020000", "committed");

        assertThat(slots.claim(SLOT, "instance-b")).isFalse();
    }

    @Test
    void givenEightConcurrentClaims_whenRacing_thenExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String instance = "instance-" + i;
                claims.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return slots.claim(SLOT, instance);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
