package io.capsulemq.broker.registration;

import java.util.List;
import java.util.Set;

/** Builds registration bodies from the broker's topics as they are when asked. */
interface FrameSource {
    /** Bodies registering every topic. */
    List<byte[]> allTopics();

    /** Bodies registering the named topics that still exist; none when none does. */
    List<byte[]> topics(Set<String> names);
}
