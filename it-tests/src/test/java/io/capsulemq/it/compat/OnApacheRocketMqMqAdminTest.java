package io.capsulemq.it.compat;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios against the real Apache RocketMQ 5.5.0: proves the scenarios themselves. */
class OnApacheRocketMqMqAdminTest extends MqAdminScenarios {

    @RegisterExtension
    static final Target TARGET = Target.apacheRocketMq();

    @Override
    Target target() {
        return TARGET;
    }
}
