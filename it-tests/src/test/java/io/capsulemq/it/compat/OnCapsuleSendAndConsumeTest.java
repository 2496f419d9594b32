package io.capsulemq.it.compat;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios against the standalone Capsule broker, with the real Apache RocketMQ client and tools. */
class OnCapsuleSendAndConsumeTest extends SendAndConsumeScenarios {

    @RegisterExtension
    static final Target TARGET = Target.capsule();

    @Override
    Target target() {
        return TARGET;
    }
}
