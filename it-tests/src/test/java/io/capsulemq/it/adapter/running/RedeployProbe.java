package io.capsulemq.it.adapter.running;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The redeploy test's handle on the server, in an application that stays deployed: {@code POST ?from=a&to=b}
 * sends the work messages {@code m-a} .. {@code m-(b-1)} (outside a transaction: at once); {@code GET ?acks} lists
 * the acknowledgements received; {@code GET ?threads=text} lists the live threads whose name contains the text, as
 * {@code id name} lines.
 */
@WebServlet("/probe")
public class RedeployProbe extends HttpServlet {
    static final String WORK_TOPIC = "it-redeploy";
    static final String ACK_TOPIC = "it-redeploy-acks";
    static final String WORKER_GROUP = "it-redeploy-group";

    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;
    @EJB
    private Acks acks;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int from = Integer.parseInt(request.getParameter("from"));
        int to = Integer.parseInt(request.getParameter("to"));
        try (Producer producer = producers.createProducer()) {
            for (int i = from; i < to; i++) {
                producer.send(ClientServiceProvider.loadService().newMessageBuilder().setTopic(WORK_TOPIC)
                        .setBody(("m-" + i).getBytes(StandardCharsets.UTF_8)).build());
            }
        } catch (Exception e) {
            throw new IOException("sending m-" + from + " .. m-" + (to - 1) + " failed", e);
        }
        response.getWriter().print("sent " + (to - from));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        String threads = request.getParameter("threads");
        if (threads != null) {
            Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .filter(t -> t.getName().contains(threads))
                    .forEach(t -> out.println(t.getId() + " " + t.getName()));
            return;
        }
        acks.bodies().forEach(out::println);
    }
}
