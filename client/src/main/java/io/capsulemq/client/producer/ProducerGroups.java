package io.capsulemq.client.producer;

/**
 * RocketMQ 5's API has no producer groups, but the broker finds a producer to check an open transaction with by the
 * half message's producer group. A producer therefore registers, for each topic it declares or sends transactional
 * messages to, under a group named after that topic (the topic's name itself, as RocketMQ 5's proxy registers its
 * producers), and marks its half messages with it: any live producer of the topic can answer a check-back.
 */
final class ProducerGroups {
    private ProducerGroups() {
    }

    static String forTopic(String topic) {
        return topic;
    }
}
