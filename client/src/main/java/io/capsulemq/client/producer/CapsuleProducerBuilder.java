package io.capsulemq.client.producer;

import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;

import java.util.LinkedHashSet;
import java.util.Set;

/** Builds producers, checking each setting as the RocketMQ 5 client does. */
public final class CapsuleProducerBuilder implements ProducerBuilder {
    /** The RocketMQ 5 client's default number of attempts of a send. */
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private ClientConfiguration configuration;
    private final Set<String> topics = new LinkedHashSet<>();
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private TransactionChecker checker;

    @Override
    public ProducerBuilder setClientConfiguration(ClientConfiguration clientConfiguration) {
        this.configuration = Require.notNull(clientConfiguration, "clientConfiguration should not be null");
        return this;
    }

    @Override
    public ProducerBuilder setTopics(String... topics) {
        Require.notNull(topics, "topics should not be null");
        Set<String> checked = new LinkedHashSet<>();
        for (String topic : topics) {
            checked.add(ResourceNames.checkTopic(topic));
        }
        this.topics.clear();
        this.topics.addAll(checked);
        return this;
    }

    @Override
    public ProducerBuilder setMaxAttempts(int maxAttempts) {
        Require.argument(maxAttempts > 0, "maxAttempts should be positive, was " + maxAttempts);
        this.maxAttempts = maxAttempts;
        return this;
    }

    @Override
    public ProducerBuilder setTransactionChecker(TransactionChecker checker) {
        this.checker = Require.notNull(checker, "checker should not be null");
        return this;
    }

    @Override
    public Producer build() throws ClientException {
        Require.notNull(configuration, "clientConfiguration has not been set yet");
        return CapsuleProducer.start(configuration, topics, maxAttempts, checker);
    }
}
