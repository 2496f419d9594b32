package io.capsulemq.broker.registration;

import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;

import java.nio.file.Path;

/** The real Apache RocketMQ 5.5.0 NameServer, in process on a free loopback port, its files in a test folder. */
final class ApacheNameServerFixture implements AutoCloseable {
    private final NamesrvController controller;

    ApacheNameServerFixture(Path dir) {
        NamesrvConfig config = new NamesrvConfig();
        config.setRocketmqHome(dir.toString());
        config.setKvConfigPath(dir.resolve("kvConfig.json").toString());
        config.setConfigStorePath(dir.resolve("namesrv.properties").toString());
        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress("127.0.0.1");
        server.setListenPort(0);
        controller = new NamesrvController(config, server);
        if (!controller.initialize()) {
            throw new AssertionError("the Apache NameServer did not initialise");
        }
        try {
            controller.start();
        } catch (Exception e) {
            controller.shutdown();
            throw new AssertionError("the Apache NameServer did not start", e);
        }
    }

    String address() {
        return "127.0.0.1:" + controller.getNettyServerConfig().getListenPort();
    }

    NamesrvController controller() {
        return controller;
    }

    @Override
    public void close() {
        controller.shutdown();
    }
}
