package io.capsulemq.quickstart;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/messages?tag=..} with a text body sends it to the topic {@code quickstart} and answers the
 * message id; {@code GET /api/messages} lists what the bean received.
 */
@Path("messages")
@Stateless
public class MessagesResource {
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;
    @EJB
    private Inbox inbox;

    /** In the bean's transaction: the message becomes visible when the method returns (and not if it throws). */
    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public String send(String text, @QueryParam("tag") String tag) throws ClientException, IOException {
        try (Producer producer = producers.createProducer()) {
            return producer.send(ClientServiceProvider.loadService().newMessageBuilder()
                    .setTopic("quickstart").setTag(tag == null || tag.isBlank() ? "greeting" : tag)
                    .setBody(text.getBytes(StandardCharsets.UTF_8)).build()).getMessageId().toString();
        }
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String received() {
        StringBuilder lines = new StringBuilder();
        inbox.messages().forEach(m -> lines.append(m).append('\n'));
        return lines.toString();
    }
}
