package io.capsulemq.it.rocketmq4;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with the RocketMQ 4.9.8 client against the standalone Capsule broker. */
class OnCapsuleSendAndConsumeTest extends SendAndConsumeScenarios {

    @RegisterExtension
    static final Target TARGET = Target.capsule();

    @Override
    Target target() {
        return TARGET;
    }
}
