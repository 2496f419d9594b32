package io.capsulemq.it.rocketmq4;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with the RocketMQ 4.9.8 client against Apache RocketMQ 5.5.0, the oracle. */
class OnApacheRocketMqTimedTransactionalAndRetriedTest extends TimedTransactionalAndRetriedScenarios {

    @RegisterExtension
    static final Target TARGET = Target.apacheRocketMq();

    @Override
    Target target() {
        return TARGET;
    }
}
