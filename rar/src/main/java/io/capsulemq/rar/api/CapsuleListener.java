package io.capsulemq.rar.api;

/**
 * The listener interface of a message-driven bean whose public methods annotated {@link OnMessage} take the
 * messages, so one bean can consume several topics (or several tags of one topic, each to its own method):
 * <pre>{@code
 * @MessageDriven(activationConfig = {
 *         @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "billing")})
 * public class Billing implements CapsuleListener {
 *     @OnMessage(topic = "orders", tag = "created")
 *     public void orderCreated(MessageView message) { ... }
 *
 *     @OnMessage(topic = "refunds")
 *     public ConsumeResult refund(String body) { ...; return ConsumeResult.SUCCESS; }
 * }
 * }</pre>
 * The bean's activation takes the same properties as a {@code MessageListener} bean's except {@code topic},
 * {@code filterExpression} and {@code filterType}, which come from the annotations; the consumer group subscribes
 * to every annotated topic. Each message is delivered to one method, in that method's transaction.
 */
public interface CapsuleListener {
}
