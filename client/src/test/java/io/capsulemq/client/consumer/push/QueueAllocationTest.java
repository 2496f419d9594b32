package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.QueueRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueueAllocationTest {
    private static List<Integer> ids(List<QueueRef> queues) {
        return queues.stream().map(QueueRef::queueId).toList();
    }

    @Test
    void shouldDealQueuesInContiguousRunsWithTheRemainderToTheFirstMembers() {
        List<String> members = List.of("a", "b", "c");
        assertEquals(List.of(0, 1, 2), ids(QueueAllocation.average("t", 8, members, "a")));
        assertEquals(List.of(3, 4, 5), ids(QueueAllocation.average("t", 8, members, "b")));
        assertEquals(List.of(6, 7), ids(QueueAllocation.average("t", 8, members, "c")));
    }

    @Test
    void shouldGiveEveryQueueToExactlyOneMember() {
        for (int queues = 1; queues <= 9; queues++) {
            for (int size = 1; size <= 5; size++) {
                List<String> members = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    members.add("m" + i);
                }
                List<Integer> all = new ArrayList<>();
                for (String m : members) {
                    all.addAll(ids(QueueAllocation.average("t", queues, members, m)));
                }
                List<Integer> expected = new ArrayList<>();
                for (int q = 0; q < queues; q++) {
                    expected.add(q);
                }
                assertEquals(expected, all, queues + " queues, " + size + " members");
            }
        }
    }

    @Test
    void shouldGiveNothingToAClientNotYetAmongTheMembers() {
        assertEquals(List.of(), QueueAllocation.average("t", 4, List.of("a"), "z"));
    }

    @Test
    void shouldLeaveTheLastMembersWithoutQueuesWhenThereAreMoreMembers() {
        List<String> members = List.of("a", "b", "c");
        assertEquals(List.of(0), ids(QueueAllocation.average("t", 2, members, "a")));
        assertEquals(List.of(1), ids(QueueAllocation.average("t", 2, members, "b")));
        assertEquals(List.of(), ids(QueueAllocation.average("t", 2, members, "c")));
    }
}
