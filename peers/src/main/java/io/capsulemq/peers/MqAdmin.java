package io.capsulemq.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Apache RocketMQ's admin tool, run as its own process the way operators run it. */
final class MqAdmin {

    private MqAdmin() {
    }

    static String run(Path workDir, String nameServer, String... command) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Drocketmq.namesrv.addr=" + nameServer, "-Drocketmq.home.dir=" + workDir,
                "-Duser.home=" + workDir, "-cp", RocketMqJars.classPath(),
                "org.apache.rocketmq.tools.command.MQAdminStartup"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mqadmin " + String.join(" ", command) + " did not finish in 120 s");
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
