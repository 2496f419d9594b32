package io.capsulemq.rar.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a {@link CapsuleListener} bean as taking the messages of a topic, or of some of its
 * tags. The method takes one parameter: the {@code MessageView} ({@code org.apache.rocketmq.client.apis.message}),
 * the body as a {@code String} (UTF-8) or as a {@code byte[]}; it returns {@code void} (consumed unless it throws)
 * or a {@code ConsumeResult} ({@code FAILURE} has the message delivered again after the back-off, like an
 * exception).
 *
 * <p>On one topic, methods take different tags; one of them may take the rest ({@code tag = "*"}). A method with an
 * SQL92 filter ({@link #sql}) is the only one on its topic.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnMessage {
    /** The topic. */
    String topic();

    /** The tags the method takes: {@code *} (all, or all that no other method of the bean takes), or {@code a || b}. */
    String tag() default "*";

    /** An SQL92 condition over the messages' properties, instead of tags; empty for none. */
    String sql() default "";
}
